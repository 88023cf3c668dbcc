"""The REST API and OAuth 2.0: each persona sends an authorization-code token of its organization's app
(every scope, so that the access policy alone decides), and gets what the family's pages would give it:
a read for whoever may see the family, a write for whoever carries it, 404 for anyone else (audited once),
401 without a token. (`tests/access/test_api_integration_tokens.py` runs the same rows with each
organization's client-credentials token.) The OpenAPI document and its docs are open to read; the OAuth
endpoints answer as the protocol says; registering a client is the organization admin's."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections.abc import Callable, Mapping

from django.utils import timezone

from nestling.accounts.models import User
from nestling.families.models import Family
from nestling.referrals.models import Referral
from tests.access.matrix.family_targets import EDIT, READ, Kwargs, Who, in_family
from tests.access.matrix.shapes import (
    CAREGIVERS,
    GET,
    GET_POST,
    METHODS,
    POST,
    Outcome,
    Pattern,
    Scene,
    SceneMaker,
    Table,
    Target,
    anyone,
    only,
)
from tests.access.matrix.world import MatrixWorld, Records

UNAUTHENTICATED = 401
Body = Callable[[Records, User], dict[str, object]]
V1 = "api/v1/"


def _api(personas: tuple[str, ...], outcome: int) -> dict[str, Outcome]:
    # A caregiver signed in to the portal holds no token: the API knows no one without one.
    return {
        "anonymous": UNAUTHENTICATED,
        **dict.fromkeys(CAREGIVERS, UNAUTHENTICATED),
        **dict.fromkeys(personas, outcome),
    }


Version = Callable[[Records], int]


def _headers(world: MatrixWorld, user: User, records: Records, version: Version | None) -> dict[str, str]:
    """The persona's token, and the If-Match of the current version of what an update changes (the
    family's, unless `version` reads another record's)."""
    return {**world.api.header(user), "If-Match": f'"{(version or _version)(records)}"'}


def _version(family: Records) -> int:
    return Family.objects.values_list("version", flat=True).get(pk=family.family.pk)


def _scene(
    family: str, records: str, kwargs: Kwargs, body: Body | None, version: Version | None = None
) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        url_family, of = getattr(world, family), getattr(world, records)
        return Scene(
            kwargs(url_family, of),
            audited_as=str(url_family.family.uuid),
            headers=_headers(world, user, of if version else url_family, version),
            json=body(of, user) if body is not None else None,
        )

    return scene


def _unknown(kwargs: Kwargs, key: str, body: Body | None, version: Version | None = None) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        missing = uuid.uuid4()
        return Scene(
            {**kwargs(world.own, world.own), key: missing},
            audited_as=str(missing),
            headers=_headers(world, user, world.own, version),
            json=body(world.own, user) if body is not None else None,
        )

    return scene


SUCCESS = {"GET": 200, "POST": 201, "PATCH": 200}


def family_route(
    route: str,
    name: str,
    levels: Mapping[str, Who],
    *,
    kwargs: Kwargs | None = None,
    body: Body | None = None,
    nested: bool = False,
    unknown: str = "family_uuid",
    version: Version | None = None,
    closed: Mapping[str, Kwargs] | None = None,
    success: Mapping[str, int] | None = None,
) -> Pattern:
    """An API route of the family record: `levels` says, for each method it accepts, who reaches it (as
    for the pages); `body` is the JSON its POST or PATCH sends; `version` the version its If-Match names
    (the family's unless given); `closed` names records of the own family no persona may reach (a
    sensitive category no one holds a grant for), by label."""
    kwargs = kwargs or in_family()
    answers = {**SUCCESS, **(success or {})}  # a POST that moves a record on answers 200, not 201

    def table(label: str) -> Table:
        if label == "foreign":
            return {method: _api(("outsider",), answers[method]) for method in levels}
        return {method: _api(who.get(label, ()), answers[method]) for method, who in levels.items()}

    nobody: Table = {method: {"anonymous": UNAUTHENTICATED} for method in levels}
    targets = [
        Target("own", _scene("own", "own", kwargs, body, version), table("own")),
        Target("foreign", _scene("foreign", "foreign", kwargs, body, version), table("foreign")),
        Target(
            "colleague's", _scene("colleagues", "colleagues", kwargs, body, version), table("colleague's")
        ),
        Target(f"unknown {unknown.removesuffix('_uuid')}", _unknown(kwargs, unknown, body, version), nobody),
    ]
    if nested:
        targets.append(
            Target("another family's record", _scene("own", "foreign", kwargs, body, version), nobody)
        )
    for label, closed_kwargs in (closed or {}).items():
        targets.append(Target(label, _scene("own", "own", closed_kwargs, body, version), nobody))
    return Pattern(V1 + route, name, tuple(levels), tuple(targets))


def _caregiver(r: Records, user: User) -> dict[str, object]:
    return {"given_name": "Synthetic", "family_name": f"Added by {user.email}"}


def _child(r: Records, user: User) -> dict[str, object]:
    return {"family_name": "Synthetic", "date_of_birth": timezone.localdate().replace(day=1).isoformat()}


def _rename(r: Records, user: User) -> dict[str, object]:
    return {"contact_notes": "Synthetic: mornings are best"}


def _screen(r: Records, user: User) -> dict[str, object]:
    return {
        "subject": str(r.caregiver.uuid),
        "instrument": "phq-9",
        "answers": [0, 0, 1, 0, 0, 1, 0, 0, 0],
        "administered_on": timezone.localdate().isoformat(),
    }


def _measure(r: Records, user: User) -> dict[str, object]:
    # The world's child was weighed today already: this one is kept beside it.
    return {
        "kind": "weight",
        "value": "7.9",
        "measured_on": timezone.localdate().isoformat(),
        "same_day": "keep",
    }


def _refer(r: Records, user: User) -> dict[str, object]:
    assert r.local_service is not None
    today = timezone.localdate()
    return {
        "subject": str(r.caregiver.uuid),
        "service": str(r.local_service.uuid),
        "reason": "Synthetic reason from the API",
        "domain": "depression",
        "referred_on": today.isoformat(),
        "expected_by": (today + datetime.timedelta(days=14)).isoformat(),
    }


def _received(r: Records, user: User) -> dict[str, object]:
    return {"status": "received", "on": timezone.localdate().isoformat()}


def _referral_version(r: Records) -> int:
    assert r.referral is not None
    return Referral.objects.values_list("version", flat=True).get(pk=r.referral.pk)


child = in_family(child_uuid="child")
referral = in_family(referral_uuid="referral")
hidden_referral = {"a referral no one has a grant for": in_family(referral_uuid="hidden_referral")}
P = "families/<uuidstr:family_uuid>"


def _page(world: MatrixWorld, user: User) -> Scene:
    return Scene(headers=world.api.header(user))


def _client(pick: Callable[[MatrixWorld], object]) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        return Scene({"client_uuid": pick(world)})

    return scene


def _register(world: MatrixWorld, user: User) -> Scene:
    return Scene(data={"name": "Synthetic evaluator", "kind": "integration", "scopes": "families:read"})


def _import(world: MatrixWorld, user: User) -> Scene:
    return Scene(
        query=f"?program={world.own.program.uuid}&dry_run=true",
        headers=world.api.header(user),
        json={"household_name": "Synthetic"},
    )


STAFF = ("practitioner", "colleague", "supervisor", "manager", "admin", "privacy", "outsider")
OPEN = {"GET": {"anonymous": 200, **dict.fromkeys(STAFF, 200), **dict.fromkeys(CAREGIVERS, 200)}}

PATTERNS: list[Pattern] = [
    Pattern(V1 + "openapi.json", "openapi-json", GET, (Target("page", lambda w, u: Scene(), OPEN),)),
    Pattern(V1 + "docs", "openapi-view", GET, (Target("page", lambda w, u: Scene(), OPEN),)),
    # ninja's root only names the docs: a 404 for anyone, whatever the method.
    Pattern(
        V1,
        "api-root",
        METHODS,
        (Target("page", lambda w, u: Scene(), {m: {"anonymous": 404} for m in METHODS}),),
    ),
    Pattern(
        V1 + "families",
        "api_families",
        GET,
        (Target("page", _page, {"GET": {"anonymous": UNAUTHENTICATED, **dict.fromkeys(STAFF, 200)}}),),
    ),
    family_route(P, "api_family", {"GET": READ, "PATCH": EDIT}, body=_rename),
    family_route(P + "/caregivers", "api_caregivers", {"GET": READ, "POST": EDIT}, body=_caregiver),
    family_route(
        P + "/caregivers/<uuidstr:caregiver_uuid>",
        "api_caregiver",
        {"GET": READ, "PATCH": EDIT},
        kwargs=in_family(caregiver_uuid="caregiver"),
        body=lambda r, u: {"phone": "555 0100"},
        nested=True,
    ),
    family_route(P + "/children", "api_children", {"GET": READ, "POST": EDIT}, body=_child),
    family_route(
        P + "/children/<uuidstr:child_uuid>",
        "api_child",
        {"GET": READ, "PATCH": EDIT},
        kwargs=child,
        body=lambda r, u: {"given_name": "Renamed"},
        nested=True,
    ),
    family_route(P + "/relationships", "api_relationships", {"GET": READ}),
    family_route(P + "/enrollments", "api_enrollments", {"GET": READ}),
    family_route(
        P + "/screening-results", "api_screening_results", {"GET": READ, "POST": EDIT}, body=_screen
    ),
    family_route(
        P + "/screening-results/<uuidstr:result_uuid>",
        "api_screening_result",
        {"GET": READ},
        kwargs=in_family(result_uuid="clean_result"),
        nested=True,
    ),
    family_route(
        P + "/children/<uuidstr:child_uuid>/measurements",
        "api_measurements",
        {"GET": READ, "POST": EDIT},
        kwargs=child,
        body=_measure,
        nested=True,
    ),
    family_route(P + "/tasks", "api_tasks", {"GET": READ}),
    family_route(P + "/visits", "api_visits", {"GET": READ}),
    family_route(P + "/care-plans", "api_care_plans", {"GET": READ}),
    family_route(
        P + "/children/<uuidstr:child_uuid>/formulation",
        "api_formulation",
        {"GET": READ},
        kwargs=child,
        nested=True,
    ),
    family_route(P + "/referrals", "api_referrals", {"GET": READ, "POST": EDIT}, body=_refer),
    family_route(
        P + "/referrals/<uuidstr:referral_uuid>",
        "api_referral",
        {"GET": READ},
        kwargs=referral,
        nested=True,
        closed=hidden_referral,
    ),
    family_route(
        P + "/referrals/<uuidstr:referral_uuid>/status",
        "api_referral_status",
        {"POST": EDIT},
        kwargs=referral,
        body=_received,
        nested=True,
        version=_referral_version,
        closed=hidden_referral,
        success={"POST": 200},
    ),
    # A CSV of households, tried as a dry run (this body is no CSV of ours: its problems come back, 200):
    # whoever may open families in their organization; the outsider names a program not of theirs (422).
    Pattern(
        V1 + "imports/households",
        "api_import_households",
        POST,
        (
            Target(
                "a dry run",
                _import,
                {"POST": _api(("practitioner", "colleague"), 200) | {"outsider": 422}},
            ),
        ),
    ),
    # OAuth 2.0: approving an app is for a signed-in person (a request without its parameters is refused
    # on the page, a POST without them gets the form's errors); the token and revocation endpoints answer
    # clients, not people.
    Pattern(
        "oauth/authorize/",
        "oauth_authorize",
        GET_POST,
        (Target("page", lambda w, u: Scene(), {"GET": anyone(400), "POST": anyone(200)}),),
    ),
    Pattern(
        "oauth/token/",
        "oauth_token",
        POST,
        (Target("page", lambda w, u: Scene(), {"POST": anyone(400, anonymous=400)}),),
    ),
    Pattern(
        "oauth/revoke/",
        "oauth_revoke",
        POST,
        (Target("page", lambda w, u: Scene(), {"POST": anyone(400, anonymous=400)}),),
    ),
    Pattern(
        "settings/api-clients/",
        "api_clients",
        GET_POST,
        (Target("page", _register, {"GET": only("admin"), "POST": only("admin")}),),
    ),
    Pattern(
        "settings/api-clients/<uuid:client_uuid>/revoke/",
        "api_client_revoke",
        POST,
        (
            Target("own", _client(lambda w: w.api.integration.uuid), {"POST": only("admin", outcome=302)}),
            Target("foreign", _client(lambda w: w.api.foreign_integration.uuid), {"POST": only()}),
            Target("unknown client", _client(lambda w: uuid.uuid4()), {"POST": only()}),
        ),
    ),
]


def _caregivers_hold_no_token(pattern: Pattern) -> Pattern:
    """A caregiver signed in to the portal sends no token: wherever the API answers anonymous 401, it
    answers a caregiver the same."""
    targets = []
    for target in pattern.targets:
        expect = {
            method: (
                {**dict.fromkeys(CAREGIVERS, UNAUTHENTICATED), **table}
                if table.get("anonymous") == UNAUTHENTICATED
                else table
            )
            for method, table in target.expect.items()
        }
        targets.append(dataclasses.replace(target, expect=expect))
    return dataclasses.replace(pattern, targets=tuple(targets))


PATTERNS = [_caregivers_hold_no_token(pattern) for pattern in PATTERNS]
