"""What the care plan's two pages show, each read in a fixed number of queries: the plan (its goals by
patient, closed ones included, its reviews and its earlier versions) and one goal (its progress as a chart
and a table, and what it said before)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.families.models import Family
from nestling.plans.models import CarePlan, Goal, GoalProgress, PlanReview
from nestling.plans.progress_chart import ProgressChart, progress_chart
from nestling.plans.selectors import (
    GoalRow,
    PlanGoals,
    family_patients,
    goal_progress,
    goal_row,
    plan_goals,
    plan_reviews,
    reader_categories,
)
from nestling.plans.versions import RecordVersions, versions_of
from nestling.plans.words import patient_kind, patient_name


@dataclass(frozen=True)
class PlanPage:
    plan: CarePlan
    goals: PlanGoals
    reviews: list[PlanReview]
    versions: list[RecordVersions]  # the plan's and each goal's saved changes
    shown_categories: frozenset[str]  # of the motivations shown: each a read to audit
    today: date


def plan_page(*, user: User, family: Family, plan: CarePlan, on: date | None = None) -> PlanPage:
    """The plan as this reader sees it (about a dozen queries, whatever the number of goals)."""
    require(user, Action.FAMILY_VIEW, family)
    today = on or timezone.localdate()
    categories = reader_categories(user=user, family=family)
    goals = plan_goals(plan=plan, categories=categories, today=today)
    people = family_patients(family=family).by_uuid()
    versions = versions_of(
        [plan, *(row.goal for row in goals.rows)], family=family, people=people, categories=categories
    )
    return PlanPage(
        plan=plan,
        goals=goals,
        reviews=plan_reviews(plan=plan),
        versions=versions,
        shown_categories=goals.shown_categories,
        today=today,
    )


@dataclass(frozen=True)
class GoalPage:
    row: GoalRow
    progress: list[GoalProgress]  # oldest first
    chart: ProgressChart | None
    versions: list[RecordVersions]
    shown_categories: frozenset[str]
    today: date

    @property
    def goal(self) -> Goal:
        return self.row.goal

    @property
    def patient_name(self) -> str:
        return patient_name(self.goal.subject.person)

    @property
    def patient_kind(self) -> str:
        return patient_kind(self.goal.subject.person)


def goal_page(*, user: User, family: Family, goal: Goal, on: date | None = None) -> GoalPage:
    """One goal as this reader sees it, with its progress drawn and listed."""
    require(user, Action.FAMILY_VIEW, family)
    today = on or timezone.localdate()
    categories = reader_categories(user=user, family=family)
    progress = goal_progress(goal=goal)
    row = goal_row(goal, latest=progress[-1] if progress else None, categories=categories, today=today)
    people = family_patients(family=family).by_uuid()
    motivation = row.motivation
    shown = {getattr(motivation, "sensitive_category", "")} - {""} if motivation is not None else set()
    return GoalPage(
        row=row,
        progress=progress,
        chart=progress_chart(goal=goal, progress=progress),
        versions=versions_of([goal], family=family, people=people, categories=categories),
        shown_categories=frozenset(shown),
        today=today,
    )
