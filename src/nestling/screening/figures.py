"""Screening in figures for the people who oversee the work: a supervisor's view of each supervisee's
safety alerts, a manager's view of each program. Counts only, nobody named; a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from django.db.models import Count, Q
from django.utils import timezone

from nestling.accounts.models import User
from nestling.screening.models import SafetyAlert, ScreeningResult
from nestling.tasks.models import Task

OVERSIGHT_DAYS = 90  # how far back the team page and the program overview look


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@dataclass(frozen=True)
class AlertResponses:
    """One practitioner's safety alerts over a period: how many, how many still open, and the median
    minutes from raising to the recorded response of those answered."""

    raised: int
    still_open: int
    median_minutes: int | None


def _responses_by(rows: Iterable[tuple[int, datetime, datetime | None]]) -> dict[int, AlertResponses]:
    """(key, raised at, responded at) rows summed up per key."""
    waits: dict[int, list[float]] = {}
    open_count: dict[int, int] = {}
    for key, raised_at, responded_at in rows:
        waits.setdefault(key, [])
        if responded_at is None:
            open_count[key] = open_count.get(key, 0) + 1
        else:
            waits[key].append((responded_at - raised_at).total_seconds() / 60)
    return {
        key: AlertResponses(
            raised=len(answered) + open_count.get(key, 0),
            still_open=open_count.get(key, 0),
            median_minutes=round(median(answered)) if answered else None,
        )
        for key, answered in waits.items()
    }


def alert_responses(*, practitioners: list[User], since: date) -> dict[int, AlertResponses]:
    """For each practitioner, the safety alerts their screens raised from `since` on (one query)."""
    return _responses_by(
        SafetyAlert.objects.filter(
            practitioner__in=practitioners, raised_at__gte=_start_of(since)
        ).values_list("practitioner_id", "raised_at", "responded_at")
    )


@dataclass(frozen=True)
class ProgramScreening:
    """A program's screening over a period, for its manager: counts only, no one named."""

    given: int = 0
    positive: int = 0
    alerts: AlertResponses | None = None
    follow_ups_open: int = 0
    follow_ups_overdue: int = 0


def program_screening(*, program_ids: list[int], since: date, on: date) -> dict[int, ProgramScreening]:
    """For each program: screens given since `since` (finished, not entered in error) and how many were
    positive, the safety alerts raised since then with the median time to response, and the follow-up
    tasks open on `on` (three queries, whatever the program's size)."""
    given: dict[int, tuple[int, int]] = {
        pid: (n, positive)
        for pid, n, positive in ScreeningResult.objects.filter(
            family__program_id__in=program_ids,
            administered_on__gte=since,
            total__isnull=False,
            entered_in_error_at__isnull=True,
        )
        .values("family__program_id")
        .annotate(n=Count("pk"), positive=Count("pk", filter=Q(positive=True)))
        .values_list("family__program_id", "n", "positive")
    }
    alerts = _responses_by(
        SafetyAlert.objects.filter(
            family__program_id__in=program_ids,
            raised_at__gte=_start_of(since),
        ).values_list("family__program_id", "raised_at", "responded_at")
    )
    tasks: dict[int, tuple[int, int]] = {
        pid: (n, late)
        for pid, n, late in Task.objects.filter(family__program_id__in=program_ids, done_at__isnull=True)
        .values("family__program_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_on__lt=on)))
        .values_list("family__program_id", "n", "late")
    }
    return {
        pid: ProgramScreening(
            given=given.get(pid, (0, 0))[0],
            positive=given.get(pid, (0, 0))[1],
            alerts=alerts.get(pid),
            follow_ups_open=tasks.get(pid, (0, 0))[0],
            follow_ups_overdue=tasks.get(pid, (0, 0))[1],
        )
        for pid in program_ids
    }
