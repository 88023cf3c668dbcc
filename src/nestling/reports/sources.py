"""Reads the facts the measures need for one scope: one query per source the plan names, for every
family of the scope at once (never one per family)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.db.models import CharField, F, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from nestling.families.models import CaseloadAssignment, Child, Enrollment, Family
from nestling.organizations.models import Program
from nestling.plans.models import Goal
from nestling.referrals.models import Referral, Status
from nestling.reports.measures.engine import QueryPlan
from nestling.reports.measures.facts import (
    AlertFact,
    CaseloadFact,
    ChildFact,
    EpisodeFact,
    Facts,
    GoalFact,
    ReferralFact,
    RscFact,
    ScreenFact,
    VisitFact,
)
from nestling.screening.models import SafetyAlert, ScreeningResult
from nestling.visits.models import Visit
from nestling.workforce.models import RscParticipant, RscStatus

FamilyIds = QuerySet[Family, Any]  # the scope's family ids, as a subquery


def _day(name: str) -> Any:
    """A date column read the fastest way: SQLite returns dates as text that Django parses value by value
    with a regular expression (and a converter per row); read there as plain text and parsed by
    `_date` with `date.fromisoformat`. PostgreSQL's driver returns dates already."""
    return Cast(name, CharField()) if connection.vendor == "sqlite" else F(name)


def _date(value: Any) -> date | None:
    """A date read through `_day`."""
    return date.fromisoformat(value) if value.__class__ is str else value


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
            .values_list("pk", "family_id", _day("enrolled_on"), _day("discharged_on"))
        )
        episodes = tuple(
            EpisodeFact(pk, family_id, _date(enrolled), _date(discharged))  # type: ignore[arg-type]
            for pk, family_id, enrolled, discharged in rows
        )
    if "children" in plan.sources:
        child_rows = (
            Child.objects.filter(family_id__in=ids)
            .order_by()
            .values_list("pk", "family_id", _day("date_of_birth"), "gestation_weeks", "gestation_days")
        )
        children = tuple(
            ChildFact(pk, family_id, _date(born), None if weeks is None else weeks * 7 + (days or 0))
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
            .values_list(
                "family_id",
                "subject__kind",
                "subject__child_id",
                "instrument",
                _day("administered_on"),
                "positive",
                "pk",
            )
        )
        screens = tuple(
            ScreenFact(family_id, kind, child_id, instrument, _date(on), bool(positive), pk)  # type: ignore[arg-type]
            for family_id, kind, child_id, instrument, on, positive, pk in screen_rows
        )
    if "visits" in plan.sources:
        visit_rows = (
            Visit.objects.filter(family_id__in=ids)
            .order_by()
            .values_list("pk", "family_id", _day("visit_on"), "status", "rescheduled_to_id")
        )
        visits = tuple(
            VisitFact(pk, family_id, _date(on), status, moved is not None)  # type: ignore[arg-type]
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
    referrals = _referrals(ids) if "referrals" in plan.sources else ()
    alerts = _alerts(ids) if "alerts" in plan.sources else ()
    caseloads: tuple[CaseloadFact, ...] = ()
    rsc: tuple[RscFact, ...] = ()
    carried = CaseloadAssignment.objects.filter(family_id__in=ids).order_by()
    if "caseloads" in plan.sources:
        # Distinct spans only: a practitioner given a whole caseload on one day has one span for it.
        caseloads = tuple(
            CaseloadFact(*row)
            for row in carried.values_list("practitioner_id", "starts_on", "ends_on").distinct()
        )
    if "rsc" in plan.sources:
        # The organization's RS/C log is small: read it whole rather than through the caseloads (the
        # measure counts only the practitioners carrying a family of the scope).
        received = RscParticipant.objects.filter(
            organization_id__in=Program.objects.filter(pk=program_id).values("organization_id"),
            attended=True,
            session__status=RscStatus.HELD,
        ).order_by()
        rsc = tuple(
            RscFact(*row)
            for row in received.values_list("person_id", "session__held_on", "session__duration_minutes")
        )
    return Facts(
        today=today,
        episodes=episodes,
        children=children,
        screens=screens,
        visits=visits,
        goals=goals,
        referrals=referrals,
        alerts=alerts,
        caseloads=caseloads,
        rsc=rsc,
        now=timezone.now(),
        loaded=plan.sources,
    )


def _referrals(ids: FamilyIds) -> tuple[ReferralFact, ...]:
    """The referrals made (not drafts); the first service contact is the day a referral was completed
    (completed ends it, so its `closed_on` is that status's day)."""
    rows = (
        Referral.objects.filter(family_id__in=ids)
        .exclude(status=Status.DRAFT)
        .order_by()
        .values_list(
            "pk",
            "family_id",
            "subject__kind",
            "domain",
            "service_kind",
            "referred_on",
            "status",
            "closed_on",
            "from_result__administered_on",
            "from_result__positive",
            "sensitive_category",
        )
    )
    facts = []
    for (
        pk,
        family_id,
        kind,
        domain,
        service_kind,
        referred_on,
        status,
        closed,
        screened,
        positive,
        category,
    ) in rows:
        contact = closed if status == Status.COMPLETED else None
        facts.append(
            ReferralFact(
                pk,
                family_id,
                kind,
                domain,
                service_kind,
                referred_on,
                contact,
                screened if positive else None,
                category,
            )
        )
    return tuple(facts)


def _alerts(ids: FamilyIds) -> tuple[AlertFact, ...]:
    zone = timezone.get_current_timezone()
    rows = (
        SafetyAlert.objects.filter(family_id__in=ids)
        .order_by()
        .values_list("pk", "family_id", "raised_at", "responded_at")
    )
    return tuple(
        AlertFact(pk, family_id, raised.astimezone(zone).date(), raised, responded)
        for pk, family_id, raised, responded in rows
    )
