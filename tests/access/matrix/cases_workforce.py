"""The reflective workforce: a staff member's practice record (profile, training, certificate, readiness
summaries), the RS/C log and its sessions, and the endorsement rules.

A practice record is read by its person, their current supervisor and the organization's managers; the
person writes their own half and their training, a manager the program's half and anyone's training. An
RS/C session is seen by its leader, the supervisees it was for and the managers (its notes only by the
people in it: `tests/workforce/test_rsc_notes_privacy.py`); only its leader changes it. Families a session
discussed are named only to those who may see them: the held session discussed family C, which neither
the practitioner nor the supervisor serves."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

from nestling.accounts.models import User
from tests.access.matrix.shapes import (
    GET,
    GET_POST,
    POST,
    STAFF_SIGNED_IN,
    Pattern,
    Scene,
    SceneMaker,
    Table,
    Target,
    no_object,
    only,
)
from tests.access.matrix.world import MatrixWorld


def _person(
    pick: Callable[[MatrixWorld], object], data: Callable[[MatrixWorld], dict[str, str]] | None = None
) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        return Scene({"user_uuid": pick(world)}, data=data(world) if data else {})

    return scene


def _profile_data(world: MatrixWorld) -> dict[str, str]:
    # The person's half and the manager's half: each keeps what is theirs.
    return {"version": "1", "languages": "English, synthetic", "caseload_capacity": "10"}


def _training_data(world: MatrixWorld) -> dict[str, str]:
    today = datetime.date.today()
    return {
        "course": "Synthetic course",
        "provider": "Synthetic provider",
        "started_on": (today - datetime.timedelta(days=20)).isoformat(),
        "completed_on": (today - datetime.timedelta(days=10)).isoformat(),
        "hours": "6",
        "client_id": str(uuid.uuid4()),
    }


def _people(route: str, name: str, methods: tuple[str, ...], expect: dict[str, Table], data=None) -> Pattern:
    """A page of one staff member's record: the practitioner's, the colleague's, the outsider's, nobody's."""
    return Pattern(
        route,
        name,
        methods,
        (
            Target("the practitioner's", _person(lambda w: w.people.practitioner.uuid, data), expect["own"]),
            Target("the colleague's", _person(lambda w: w.people.colleague.uuid, data), expect["colleague"]),
            Target(
                "another organization's", _person(lambda w: w.people.outsider.uuid, data), expect["outsider"]
            ),
            Target("unknown person", _person(lambda w: uuid.uuid4(), data), {m: only() for m in methods}),
        ),
    )


READERS = {
    "own": {"GET": only("practitioner", "supervisor", "manager")},
    "colleague": {"GET": only("colleague", "manager")},
    "outsider": {"GET": only("outsider")},
}


def _session(pick: Callable[[MatrixWorld], object], data: dict[str, str] | None = None) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        return Scene({"session_uuid": pick(world)}, data=data or {})

    return scene


def _new_session(world: MatrixWorld, user: User) -> Scene:
    practitioner = world.people.practitioner.pk
    return Scene(
        data={
            "held": "yes",
            "kind": "individual",
            "held_on": datetime.date.today().isoformat(),
            "duration_minutes": "60",
            "supervisees": str(practitioner),
            "attended": str(practitioner),
            "notes": "Synthetic",
            "client_id": str(uuid.uuid4()),
        }
    )


def _policy(world: MatrixWorld, user: User) -> Scene:
    return Scene(
        data={
            "form": "policy",
            "policy-rsc_recent_days": "60",
            "policy-supervisee_limit": "6",
            "policy-version": "1",
        }
    )


def _led_change(route: str, name: str, data: dict[str, str]) -> Pattern:
    nobody: Table = {"POST": only()}
    return Pattern(
        route,
        name,
        POST,
        (
            Target(
                "scheduled, led by the supervisor",
                _session(lambda w: w.workforce.scheduled.uuid, data),
                {"POST": only("supervisor", outcome=302)},
            ),
            Target(
                "another organization's",
                _session(lambda w: w.workforce.foreign_scheduled.uuid, data),
                {"POST": only("outsider", outcome=302)},
            ),
            Target("unknown session", _session(lambda w: uuid.uuid4(), data), nobody),
        ),
    )


# A page of one's own practice: any member of staff (a caregiver is refused, as on every staff page).
STAFF_302 = {"GET": only(*STAFF_SIGNED_IN, outcome=302)}
STAFF_200 = {"GET": only(*STAFF_SIGNED_IN, outcome=200)}

PATTERNS: list[Pattern] = [
    Pattern(
        "practice/",
        "my_practice",
        GET,
        (Target("page", no_object, STAFF_302),),
    ),
    _people("staff/<uuid:user_uuid>/practice/", "staff_practice", GET, READERS),
    _people("staff/<uuid:user_uuid>/readiness.csv", "readiness_csv", GET, READERS),
    _people("staff/<uuid:user_uuid>/readiness.pdf", "readiness_pdf", GET, READERS),
    _people(
        "staff/<uuid:user_uuid>/practice/profile/",
        "staff_profile_edit",
        GET_POST,
        {
            "own": {
                "GET": only("practitioner", "manager"),
                "POST": only("practitioner", "manager", outcome=302),
            },
            "colleague": {
                "GET": only("colleague", "manager"),
                "POST": only("colleague", "manager", outcome=302),
            },
            "outsider": {"GET": only("outsider"), "POST": only("outsider", outcome=302)},
        },
        _profile_data,
    ),
    _people(
        "staff/<uuid:user_uuid>/training/new/",
        "training_add",
        GET_POST,
        {
            "own": {
                "GET": only("practitioner", "manager"),
                "POST": only("practitioner", "manager", outcome=302),
            },
            "colleague": {
                "GET": only("colleague", "manager"),
                "POST": only("colleague", "manager", outcome=302),
            },
            "outsider": {"GET": only("outsider"), "POST": only("outsider", outcome=302)},
        },
        _training_data,
    ),
    Pattern(
        "training/<uuid:training_uuid>/certificate/",
        "training_certificate",
        GET,
        (
            Target(
                "the practitioner's",
                lambda w, u: Scene({"training_uuid": w.workforce.training.uuid}),
                {"GET": only("practitioner", "supervisor", "manager")},
            ),
            Target("unknown training", lambda w, u: Scene({"training_uuid": uuid.uuid4()}), {"GET": only()}),
        ),
    ),
    Pattern("rsc/", "rsc_log", GET, (Target("page", no_object, STAFF_200),)),
    Pattern(
        "rsc/new/",
        "rsc_session_add",
        GET_POST,
        (Target("page", _new_session, {"GET": only("supervisor"), "POST": only("supervisor", outcome=302)}),),
    ),
    Pattern(
        "rsc/<uuid:session_uuid>/",
        "rsc_session",
        GET,
        (
            Target(
                "held for the practitioner",
                _session(lambda w: w.workforce.held.uuid),
                {"GET": only("practitioner", "supervisor", "manager")},
                shows=frozenset({"Household A"}),
            ),
            Target(
                "another organization's",
                _session(lambda w: w.workforce.foreign.uuid),
                {"GET": only("outsider")},
            ),
            Target("unknown session", _session(lambda w: uuid.uuid4()), {"GET": only()}),
        ),
    ),
    _led_change(
        "rsc/<uuid:session_uuid>/cancel/", "rsc_session_cancel", {"version": "1", "reason": "Synthetic"}
    ),
    _led_change("rsc/<uuid:session_uuid>/held/", "rsc_session_held", {"version": "1", "notes": "Synthetic"}),
    Pattern(
        "endorsement-rules/",
        "endorsement_rules",
        GET_POST,
        (Target("page", _policy, {"GET": only("manager"), "POST": only("manager", outcome=302)}),),
    ),
]
