"""Screening: the family's screening page, giving a screen, results, safety alerts, follow-ups, and a
program's screening schedule."""

from __future__ import annotations

import uuid

from django.utils import timezone

from nestling.accounts.models import User
from tests.access.matrix.family_targets import (
    EDIT,
    READ,
    RESPOND,
    Data,
    Kwargs,
    family_pattern,
    in_family,
)
from tests.access.matrix.shapes import GET_POST, LOGIN, Pattern, Scene, SceneMaker, Target, only
from tests.access.matrix.world import MatrixWorld, Records, emergency_access

F = "families/<uuid:family_uuid>/"


def _today() -> str:
    return timezone.localdate().isoformat()


def _phq9(r: Records, user: User) -> dict[str, str]:
    return {f"item_{n}": "0" for n in range(1, 10)} | {"administered_on": _today(), "client_id": ""}


def _entered_in_error(r: Records, user: User) -> dict[str, str]:
    return {"version": str(r.clean_result.version), "reason": "Given to the wrong caregiver (synthetic)"}


def _now() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _respond(r: Records, user: User) -> dict[str, str]:
    return {"risk": "moderate", "actions": "safety_plan", "note": "", "responded_at": _now()}


def _correct(r: Records, user: User) -> dict[str, str]:
    version = r.answered_alert.version if r.answered_alert is not None else 0
    return {
        "risk": "high",
        "actions": "safety_plan",
        "note": "",
        "responded_at": _now(),
        "version": str(version),
    }


def _covered(alert: str, data: Data) -> SceneMaker:
    """The own family's alert while the colleague covers the family under emergency access."""

    def scene(world: MatrixWorld, user: User) -> Scene:
        emergency_access(world)
        own = world.own
        return Scene(
            {"family_uuid": own.family.uuid, "alert_uuid": getattr(own, alert).uuid},
            str(own.family.uuid),
            data=data(own, user),
        )

    return scene


def _covered_target(alert: str, data: Data, *, readers: tuple[str, ...] = ("manager",)) -> Target:
    # Emergency access opens the family to the colleague, who may then answer its alert; nobody else
    # gains anything by it. `readers` may read the page without answering.
    responders = ("practitioner", "supervisor", "colleague")
    return Target(
        "own, the colleague covering under emergency access",
        _covered(alert, data),
        {"GET": only(*responders, *readers), "POST": only(*responders, outcome=302)},
        shows=frozenset({"Household A"}),
    )


def _follow_up(r: Records, user: User) -> dict[str, str]:
    return {"version": str(r.follow_up.version), "kind": "discussed", "note": ""}


def _administer(subject_kind: str = "caregiver", instrument: str = "phq-9") -> Kwargs:
    def kwargs(family: Records, of: Records) -> dict[str, object]:
        return {
            "family_uuid": family.family.uuid,
            "subject_kind": subject_kind,
            "subject_uuid": of.caregiver.uuid,
            "instrument_id": instrument,
        }

    return kwargs


def _odd_administer(label: str, subject_kind: str, instrument: str, audited_as_family: bool) -> Target:
    """The own caregiver's screen with a part of the URL that names nothing: 404 for everyone, audited."""

    def scene(world: MatrixWorld, user: User) -> Scene:
        own = world.own
        audited = str(own.family.uuid) if audited_as_family else None
        return Scene(_administer(subject_kind, instrument)(own, own), audited, data=_phq9(own, user))

    return Target(label, scene, {"GET": {"anonymous": LOGIN}, "POST": {"anonymous": LOGIN}})


# One line of a schedule: a PHQ-9 for every caregiver six months after enrollment.
_SCHEDULE_LINE = {
    "instrument": "phq-9",
    "who": "caregiver",
    "anchor": "enrollment",
    "offset": "6",
    "unit": "months",
    "window_before_days": "14",
    "window_after_days": "30",
    "age_basis": "chronological",
    "stale_after_days": "90",
}
_SCHEDULE_POST = {
    "version": "0",
    "row-TOTAL_FORMS": "1",
    "row-INITIAL_FORMS": "1",
    "row-MIN_NUM_FORMS": "0",
    "row-MAX_NUM_FORMS": "60",
} | {f"row-0-{name}": value for name, value in _SCHEDULE_LINE.items()}


def _program(pick: str) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        program = uuid.uuid4() if pick == "unknown" else getattr(world, pick).program.uuid
        return Scene({"program_uuid": program}, data=_SCHEDULE_POST)

    return scene


_SCHEDULE = {"GET": only("manager", "admin"), "POST": only("manager", "admin", outcome=302)}
_NOBODY = {"GET": only(), "POST": only()}

PATTERNS: list[Pattern] = [
    family_pattern(F + "screening/", "family_screening", {"GET": READ}),
    family_pattern(
        F + "screening/results/<uuid:result_uuid>/entered-in-error/",
        "screening_result_entered_in_error",
        {"GET": EDIT, "POST": EDIT},
        kwargs=in_family(result_uuid="clean_result"),
        data=_entered_in_error,
        nested=True,
    ),
    family_pattern(
        F + "screening/<str:subject_kind>/<uuid:subject_uuid>/<slug:instrument_id>/",
        "screening_administer",
        {"GET": EDIT, "POST": EDIT},
        kwargs=_administer(),
        data=_phq9,
        nested=True,
        extra=(
            _odd_administer("unknown subject kind", "neighbour", "phq-9", audited_as_family=True),
            # Refused by the middleware, which names the page rather than the family.
            _odd_administer("unknown instrument", "caregiver", "no-such-screen", audited_as_family=False),
        ),
    ),
    family_pattern(
        F + "screening/results/<uuid:result_uuid>/",
        "screening_result",
        {"GET": READ},
        kwargs=in_family(result_uuid="result"),
        nested=True,
        # Sensitive categories cover instruments and results too (design: access control).
        closed={"substance-use result, no grant": in_family(result_uuid="alcohol_result")},
    ),
    family_pattern(
        F + "alerts/<uuid:alert_uuid>/",
        "safety_alert",
        {"GET": READ, "POST": RESPOND},
        kwargs=in_family(alert_uuid="alert"),
        data=_respond,
        nested=True,
        extra=(_covered_target("alert", _respond),),
    ),
    # Correcting a response: whoever may answer the alert; reading it is the alert's page.
    family_pattern(
        F + "alerts/<uuid:alert_uuid>/response/",
        "safety_response_edit",
        {"GET": RESPOND, "POST": RESPOND},
        kwargs=in_family(alert_uuid="answered_alert"),
        data=_correct,
        nested=True,
        closed={"an alert not answered yet": in_family(alert_uuid="alert")},
        extra=(_covered_target("answered_alert", _correct, readers=()),),
    ),
    family_pattern(
        F + "follow-ups/<uuid:task_uuid>/",
        "follow_up",
        {"GET": READ, "POST": EDIT},
        kwargs=in_family(task_uuid="follow_up"),
        data=_follow_up,
        nested=True,
    ),
    # A program's schedule is its managers' and its organization admins'; no one reaches another's.
    Pattern(
        "programs/<uuid:program_uuid>/screening-schedule/",
        "program_schedule",
        GET_POST,
        (
            Target("own", _program("own"), _SCHEDULE),
            Target("foreign", _program("foreign"), _NOBODY),
            Target("unknown program", _program("unknown"), _NOBODY),
        ),
    ),
]
