"""Reads of the task list."""

from __future__ import annotations

from django.db.models import QuerySet

from nestling.families.models import Family
from nestling.tasks.models import Task


def tasks_open_for(*, family: Family) -> list[Task]:
    """The family's open tasks, soonest due first, with what raised each."""
    return list(
        Task.objects.filter(family=family, done_at__isnull=True)
        .select_related("family")
        .prefetch_related("source")
        .order_by("due_on", "pk")
    )


def tasks_of_family(*, family: Family) -> QuerySet[Task]:
    return Task.objects.filter(family=family).select_related("done_by")
