"""What the care plan's views share: finding the plan or the goal inside the family (or a 404, audited
once), and the family's page anchors."""

from __future__ import annotations

from uuid import UUID

from django.urls import reverse

from nestling.access.policy import Action
from nestling.access.shortcuts import family_for_request
from nestling.accounts.http import AuthedRequest
from nestling.families.models import Family
from nestling.families.views.editing import record_in_family
from nestling.plans.models import CarePlan, Goal
from nestling.plans.selectors import goals_queryset

CATEGORY = "careplan"


def family_of(request: AuthedRequest, family_uuid: UUID, *, edit: bool = False) -> Family:
    """The family, for a page that shows (or, with `edit`, changes) its care plan."""
    return family_for_request(
        request, family_uuid, action=Action.FAMILY_EDIT if edit else Action.FAMILY_VIEW, category=CATEGORY
    )


def plan_of(request: AuthedRequest, family: Family, plan_uuid: UUID) -> CarePlan:
    plan = record_in_family(
        request, CarePlan.objects.select_related("enrollment__program"), family, plan_uuid, kind=CATEGORY
    )
    plan.family = family  # the one access already checked
    return plan


def goal_of(request: AuthedRequest, family: Family, goal_uuid: UUID) -> Goal:
    goal = record_in_family(request, goals_queryset(), family, goal_uuid, kind="goal")
    goal.family = goal.plan.family = family
    return goal


def plan_url(family: Family, plan: CarePlan, anchor: str = "") -> str:
    return reverse("care_plan", args=[family.uuid, plan.uuid]) + (f"#{anchor}" if anchor else "")


def goal_url(family: Family, goal: Goal) -> str:
    return reverse("goal_detail", args=[family.uuid, goal.uuid])
