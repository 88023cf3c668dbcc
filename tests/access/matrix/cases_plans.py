"""The care plan: the plan's and a goal's pages are read by whoever may see the family; starting a plan,
changing it, reviewing it, and setting, changing, closing and rating goals are for a practitioner with the
family on their caseload. The organization's own service types are managed by a program manager or an
organization admin, of their own organization only; the field's shipped ones by no one."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from nestling.accounts.models import User
from tests.access.matrix.cases_staff import page
from tests.access.matrix.family_targets import EDIT, READ, family_pattern, in_family
from tests.access.matrix.shapes import GET_POST, Pattern, Scene, SceneMaker, Target, only
from tests.access.matrix.world import MatrixWorld, Records

F = "families/<uuid:family_uuid>/"
P = F + "plans/<uuid:plan_uuid>/"
G = F + "goals/<uuid:goal_uuid>/"


def _day(days: int = 0) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _new() -> str:
    return str(uuid.uuid4())


def _plan_add(r: Records, user: User) -> dict[str, str]:
    return {"client_id": _new(), "started_on": _day(), "review_on": _day(90), "summary": "Synthetic hopes"}


def _plan_edit(r: Records, user: User) -> dict[str, str]:
    p = r.plan
    return {
        "version": str(p.version),
        "started_on": p.started_on.isoformat(),
        "review_on": _day(45),
        "summary": "Synthetic hopes, edited",
    }


def _review(r: Records, user: User) -> dict[str, str]:
    return {
        "client_id": _new(),
        "version": str(r.plan.version),
        "reviewed_on": _day(),
        "note": "Synthetic review",
        "next_review_on": _day(90),
    }


def _goal(r: Records, user: User) -> dict[str, str]:
    return {
        "about": str(r.relationship.uuid),
        "statement": "Synthetic goal from the matrix",
        "progress_looks_like": "Synthetic progress",
        "responsible": str(user.uuid),
        "review_on": _day(30),
        "motivation": "",
        "motivation_note": "Synthetic motivation",
        "service__emotional_support": "on",
        "frequency__emotional_support": "every visit",
    }


def _goal_add(r: Records, user: User) -> dict[str, str]:
    return {"client_id": _new(), **_goal(r, user)}


def _goal_edit(r: Records, user: User) -> dict[str, str]:
    return {"version": str(r.goal.version), **_goal(r, user)}


def _goal_close(r: Records, user: User) -> dict[str, str]:
    return {"version": str(r.goal.version), "status": "met", "closed_on": _day()}


def _rate(r: Records, user: User) -> dict[str, str]:
    return {"client_id": _new(), "rated_on": _day(), "rating": "4", "note": "Synthetic rating"}


_READ = {"GET": READ}
_FORM = {"GET": EDIT, "POST": EDIT}
MANAGERS = ("manager", "admin")


def _service_type(pick: str) -> SceneMaker:
    """The service type page of the own organization's own (from family A's records), another
    organization's (family X's), a shipped one, or a code nothing has."""

    def scene(world: MatrixWorld, user: User) -> Scene:
        code = {
            "own": world.own.service_type.code,
            "foreign": world.foreign.service_type.code,
            "shipped": "emotional_support",
            "unknown": f"synthetic-{_new()[:8]}",
        }[pick]
        return Scene({"code": code}, data={"name": f"Synthetic renamed {_new()[:6]}", "active": "on"})

    return scene


def _service_type_add(world: MatrixWorld, user: User) -> Scene:
    return Scene(data={"name": f"Synthetic service {_new()[:8]}"})


_MANAGE = {"GET": only(*MANAGERS), "POST": only(*MANAGERS, outcome=302)}
_NOBODY = {"GET": only(), "POST": only()}

PATTERNS: list[Pattern] = [
    family_pattern(F + "plans/new/", "plan_add", _FORM, data=_plan_add),
    family_pattern(P, "care_plan", _READ, kwargs=in_family(plan_uuid="plan"), nested=True),
    family_pattern(
        P + "edit/", "plan_edit", _FORM, kwargs=in_family(plan_uuid="plan"), data=_plan_edit, nested=True
    ),
    family_pattern(
        P + "review/", "plan_review_add", _FORM, kwargs=in_family(plan_uuid="plan"), data=_review, nested=True
    ),
    family_pattern(
        P + "goals/new/", "goal_add", _FORM, kwargs=in_family(plan_uuid="plan"), data=_goal_add, nested=True
    ),
    family_pattern(G, "goal_detail", _READ, kwargs=in_family(goal_uuid="goal"), nested=True),
    family_pattern(
        G + "edit/", "goal_edit", _FORM, kwargs=in_family(goal_uuid="goal"), data=_goal_edit, nested=True
    ),
    family_pattern(
        G + "close/", "goal_close", _FORM, kwargs=in_family(goal_uuid="goal"), data=_goal_close, nested=True
    ),
    family_pattern(
        G + "progress/new/",
        "goal_progress_add",
        _FORM,
        kwargs=in_family(goal_uuid="goal"),
        data=_rate,
        nested=True,
    ),
    page("service-types/", "service_types", _MANAGE, GET_POST, _service_type_add),
    Pattern(
        "service-types/<slug:code>/",
        "service_type_edit",
        GET_POST,
        (
            Target("own", _service_type("own"), _MANAGE),
            Target("foreign", _service_type("foreign"), _NOBODY),
            Target("shipped", _service_type("shipped"), _NOBODY),
            Target("unknown code", _service_type("unknown"), _NOBODY),
        ),
    ),
]
