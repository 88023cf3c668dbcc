"""FHIR: the server reads and searches for whoever may see the family on the pages (anonymous: 401, an
OperationOutcome); a family or record they may not see answers 404 like one that does not exist, a record
of a sensitive category without a grant included. The CapabilityStatement is public. Importing a family
is for a practitioner (who sends JSON with the FHIR header; a browser form gets 403). The family's own
copy (a Bundle, a PDF) is for the practitioner carrying the family and a manager of its program.

Every FHIR route is tried again with the persona's staff-app token (authorization code, every scope)
instead of the session: the same answers (a caregiver holds no token and keeps the session's). Each
organization's integration token (client credentials) runs the same rows in
`tests/access/test_fhir_integration_tokens.py`, expecting what `INTEGRATION` says."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable

from nestling.accounts.models import User
from tests.access.matrix.family_targets import family_pattern
from tests.access.matrix.shapes import GET, POST, Pattern, Scene, SceneMaker, Target, anyone, no_object, only
from tests.access.matrix.world import MatrixWorld, Records

READERS = {"own": ("practitioner", "supervisor", "manager"), "colleague's": ("colleague", "manager")}
EXPORT = {"own": ("practitioner", "manager"), "colleague's": ("colleague", "manager")}
ANONYMOUS = 401


def _readers(label: str) -> dict[str, int | str]:
    who = ("outsider",) if label == "foreign" else READERS.get(label, ())
    return {"anonymous": ANONYMOUS, **dict.fromkeys(who, 200)}


def _nobody() -> dict[str, int | str]:
    return {"anonymous": ANONYMOUS}


Pick = Callable[[Records], uuid.UUID]


def _scene(
    records: str, pick: Pick, make: Callable[[uuid.UUID], tuple[dict[str, object], str]]
) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        wanted = pick(getattr(world, records))
        kwargs, query = make(wanted)
        return Scene(kwargs, audited_as=str(wanted), query=query)

    return scene


def _unknown(make: Callable[[uuid.UUID], tuple[dict[str, object], str]]) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        missing = uuid.uuid4()
        kwargs, query = make(missing)
        return Scene(kwargs, audited_as=str(missing), query=query)

    return scene


def _record_targets(make: Callable[[uuid.UUID], tuple[dict[str, object], str]]) -> tuple[Target, ...]:
    child: Pick = lambda r: r.child.uuid  # noqa: E731
    targets = [
        Target("own", _scene("own", child, make), {"GET": _readers("own")}),
        Target("foreign", _scene("foreign", child, make), {"GET": _readers("foreign")}),
        Target("colleague's", _scene("colleagues", child, make), {"GET": _readers("colleague's")}),
        Target("unknown record", _unknown(make), {"GET": _nobody()}),
    ]
    return tuple(targets)


def _search_observations(wanted: uuid.UUID) -> tuple[dict[str, object], str]:
    return {"resource_type": "Observation"}, f"?patient={wanted}"


def _read_patient(wanted: uuid.UUID) -> tuple[dict[str, object], str]:
    return {"resource_type": "Patient", "resource_id": str(wanted)}, ""


def _everything(wanted: uuid.UUID) -> tuple[dict[str, object], str]:
    return {"patient_uuid": wanted}, ""


def _read_hidden(records: Records) -> uuid.UUID:
    return records.alcohol_result.uuid


def _read_observation(wanted: uuid.UUID) -> tuple[dict[str, object], str]:
    return {"resource_type": "Observation", "resource_id": str(wanted)}, ""


def _every_patient(world: MatrixWorld, user: User) -> Scene:
    return Scene({"resource_type": "Patient"})


def _import_scene(world: MatrixWorld, user: User) -> Scene:
    return Scene(query=f"?program={world.own.program.uuid}&dry-run=true", data={"resourceType": "Bundle"})


def _import_by_token(world: MatrixWorld, user: User) -> Scene:
    # A Bundle with nothing in it: a dry run that finds its problems (422) for whoever may import.
    return Scene(
        query=f"?program={world.own.program.uuid}&dry-run=true",
        headers=world.api.header(user),
        json={"resourceType": "Bundle", "type": "collection"},
    )


BY_TOKEN = ", by token"


def _by_token(target: Target) -> Target:
    """The same object asked with the persona's staff-app token rather than the session."""
    asked = target.scene

    def scene(world: MatrixWorld, user: User) -> Scene:
        made = asked(world, user)
        return dataclasses.replace(made, headers={**made.headers, **world.api.header(user)})

    return dataclasses.replace(target, label=target.label + BY_TOKEN, scene=scene)


def _with_tokens(targets: tuple[Target, ...]) -> tuple[Target, ...]:
    return (*targets, *(_by_token(t) for t in targets))


PATTERNS: list[Pattern] = [
    Pattern(
        "fhir/metadata",
        "fhir_metadata",
        GET,
        (Target("public", no_object, {"GET": anyone(200, anonymous=200)}),),
    ),
    Pattern(
        "fhir/<str:resource_type>",
        "fhir_search",
        GET,
        _with_tokens(
            (
                *_record_targets(_search_observations),
                # Without a patient: every family the persona may see (none, for the admin and privacy
                # officer).
                Target("every patient", _every_patient, {"GET": {**anyone(200), "anonymous": ANONYMOUS}}),
            )
        ),
    ),
    Pattern(
        "fhir/<str:resource_type>/<str:resource_id>",
        "fhir_read",
        GET,
        _with_tokens(
            (
                *_record_targets(_read_patient),
                # The family's AUDIT-C result: substance use, which no persona holds a grant for.
                Target(
                    "a record no one has a grant for",
                    _scene("own", _read_hidden, _read_observation),
                    {"GET": _nobody()},
                ),
            )
        ),
    ),
    Pattern(
        "fhir/Patient/<uuid:patient_uuid>/$everything",
        "fhir_everything",
        GET,
        _with_tokens(_record_targets(_everything)),
    ),
    Pattern(
        "fhir/$import-family",
        "fhir_import_family",
        POST,
        # A form post carries neither the FHIR header nor JSON: refused (403) for a practitioner, 404 else.
        (
            Target(
                "a form post",
                _import_scene,
                {
                    "POST": {
                        **only("practitioner", "colleague", "outsider", outcome=403),
                        "anonymous": ANONYMOUS,
                    }
                },
            ),
            # With a token: no browser, so no header is asked for; the empty Bundle's problems (422) for
            # whoever may open a family, 404 for anyone else.
            Target(
                "an empty Bundle" + BY_TOKEN,
                _import_by_token,
                {
                    "POST": {
                        **only("practitioner", "colleague", "outsider", outcome=422),
                        "anonymous": ANONYMOUS,
                    }
                },
            ),
        ),
    ),
    family_pattern("families/<uuid:family_uuid>/copy/record.json", "fhir_family_bundle", {"GET": EXPORT}),
    family_pattern("families/<uuid:family_uuid>/copy/summary.pdf", "fhir_family_summary", {"GET": EXPORT}),
]


# What each organization's integration token gets, by target (its service user reads as a manager of its
# own organization and opens no family).
INTEGRATION: dict[str, dict[str, int]] = {
    "own": {"own": 200, "foreign": 404},
    "colleague's": {"own": 200, "foreign": 404},
    "foreign": {"own": 404, "foreign": 200},
    "unknown record": {"own": 404, "foreign": 404},
    "every patient": {"own": 200, "foreign": 200},
    "a record no one has a grant for": {"own": 404, "foreign": 404},
    "an empty Bundle": {"own": 404, "foreign": 404},
}
