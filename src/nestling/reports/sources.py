"""Reads the facts the measures need for one scope: one query per source the plan names, for every
family of the scope at once (never one per family)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from nestling.families.models import Child, Enrollment, Family
from nestling.plans.models import Goal
from nestling.reports.measures.engine import QueryPlan
from nestling.reports.measures.facts import ChildFact, EpisodeFact, Facts, GoalFact, ScreenFact, VisitFact
from nestling.screening.models import ScreeningResult
from nestling.visits.models import Visit


def facts_load(*, families: QuerySet[Family], program_id: int, plan: QueryPlan, today: date) -> Facts:
    """The facts of these families (a queryset used as a subquery) for the sources in `plan`."""
    ids = families.values("pk")
    episodes: tuple[EpisodeFact, ...] = ()
    children: tuple[ChildFact, ...] = ()
    screens: tuple[ScreenFact, ...] = ()
    visits: tuple[VisitFact, ...] = ()
    goals: tuple[GoalFact, ...] = ()
    if "episodes" in plan.sources:
        rows = (
            Enrollment.objects.filter(program_id=program_id, family_id__in=ids)
            .order_by()
            .values_list("pk", "family_id", "enrolled_on", "discharged_on")
        )
        episodes = tuple(EpisodeFact(*row) for row in rows)
    if "children" in plan.sources:
        child_rows = (
            Child.objects.filter(family_id__in=ids)
            .order_by()
            .values_list("pk", "family_id", "date_of_birth", "gestation_weeks", "gestation_days")
        )
        children = tuple(
            ChildFact(pk, family_id, born, None if weeks is None else weeks * 7 + (days or 0))
            for pk, family_id, born, weeks, days in child_rows
        )
    if "screens" in plan.sources and plan.instruments:
        # Only screens that count as given: finished, and not marked entered in error.
        screen_rows = (
            ScreeningResult.objects.filter(
                family_id__in=ids,
                instrument__in=sorted(plan.instruments),
                total__isnull=False,
                entered_in_error_at__isnull=True,
            )
            .order_by()
            .values_list("family_id", "subject__kind", "subject__child_id", "instrument", "administered_on")
        )
        screens = tuple(ScreenFact(*row) for row in screen_rows)
    if "visits" in plan.sources:
        visit_rows = (
            Visit.objects.filter(family_id__in=ids)
            .order_by()
            .values_list("pk", "family_id", "visit_on", "status", "rescheduled_to_id")
        )
        visits = tuple(
            VisitFact(pk, family_id, on, status, moved is not None)
            for pk, family_id, on, status, moved in visit_rows
        )
    if "goals" in plan.sources:
        zone = timezone.get_current_timezone()
        goal_rows = (
            Goal.objects.filter(family_id__in=ids)
            .order_by()
            .values_list("family_id", "subject__kind", "created_at")
        )
        goals = tuple(
            GoalFact(family_id, kind, made.astimezone(zone).date()) for family_id, kind, made in goal_rows
        )
    return Facts(
        today=today,
        episodes=episodes,
        children=children,
        screens=screens,
        visits=visits,
        goals=goals,
        loaded=plan.sources,
    )
