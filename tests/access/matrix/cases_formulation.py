"""Formulation: a child's formulation, its versions and the comparison are read by whoever may see the
family; making or revising one is for a practitioner with the family on their caseload. The organization's
crosswalk is its admin's; whether a discipline may diagnose is a program manager's call."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.utils import timezone

from nestling.accounts.models import User
from nestling.formulation.models import AxisTwoRelationship
from tests.access.matrix.family_targets import EDIT, READ, family_pattern, in_family
from tests.access.matrix.shapes import GET_POST, POST, Pattern, Scene, SceneMaker, Target, only
from tests.access.matrix.world import MatrixWorld, Records


def _child(family: Records, of: Records) -> dict[str, object]:
    return {"child_uuid": family.child.uuid}


def _revise(r: Records, user: User) -> dict[str, str]:
    assert r.formulation is not None
    return {
        "client_id": "",
        "version": str(r.formulation.version),
        "formulated_on": timezone.localdate().isoformat(),
        "occasion": "review",
        "narrative": "Synthetic revision",
    }


def _crosswalk(world: MatrixWorld, user: User) -> Scene:
    return Scene(data={"group": "mood", "name": "Synthetic own diagnosis", "icd10": "F39", "active": "on"})


def _person(pick: Callable[[MatrixWorld], uuid.UUID]) -> SceneMaker:
    def scene(world: MatrixWorld, user: User) -> Scene:
        return Scene({"user_uuid": pick(world)}, data={"may_diagnose": "yes"})

    return scene


C = "children/<uuid:child_uuid>/formulation/"
NOBODY_POSTS = {"POST": only()}


def _goal_finding(r: Records, user: User) -> dict[str, str]:
    """The goal names the relationship's Axis II rating of the child's formulation."""
    rating = AxisTwoRelationship.objects.get(version__formulation=r.formulation, relationship=r.relationship)
    return {"version": "", "finding": f"relationship:{rating.pk}"}


PATTERNS: list[Pattern] = [
    family_pattern(C, "formulation_page", {"GET": READ}, kwargs=_child, unknown="child_uuid"),
    family_pattern(
        C + "edit/",
        "formulation_edit",
        {"GET": EDIT, "POST": EDIT},
        kwargs=_child,
        data=_revise,
        unknown="child_uuid",
    ),
    family_pattern(
        C + "versions/<int:number>/",
        "formulation_version",
        {"GET": READ},
        kwargs=lambda family, of: {"child_uuid": family.child.uuid, "number": 1},
        unknown="child_uuid",
    ),
    family_pattern(C + "compare/", "formulation_compare", {"GET": READ}, kwargs=_child, unknown="child_uuid"),
    # Which axis finding motivated a care-plan goal.
    family_pattern(
        "families/<uuid:family_uuid>/goals/<uuid:goal_uuid>/finding/",
        "goal_finding",
        {"GET": EDIT, "POST": EDIT},
        kwargs=in_family(goal_uuid="goal"),
        data=_goal_finding,
        nested=True,
    ),
    Pattern(
        "settings/crosswalk/",
        "formulation_crosswalk",
        GET_POST,
        (Target("page", _crosswalk, {"GET": only("admin"), "POST": only("admin", outcome=302)}),),
    ),
    Pattern(
        "staff/<uuid:user_uuid>/may-diagnose/",
        "staff_may_diagnose",
        POST,
        (
            Target("own", _person(lambda w: w.people.colleague.uuid), {"POST": only("manager", outcome=302)}),
            Target("foreign", _person(lambda w: w.people.outsider.uuid), NOBODY_POSTS),
            Target("unknown user", _person(lambda w: uuid.uuid4()), NOBODY_POSTS),
        ),
    ),
]
