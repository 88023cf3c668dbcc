"""Reads of the task list."""

from __future__ import annotations

from dataclasses import dataclass

from nestling.access.policy import shown_to
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


@dataclass(frozen=True)
class OpenTask:
    """An open task as a reader sees it: its text and links only when `shown` (a task in a sensitive
    category the reader has no grant for names what they may not see: only its due date shows)."""

    task: Task
    shown: bool


def open_tasks_seen(*, family: Family, categories: frozenset[str]) -> list[OpenTask]:
    """The family's open tasks for a reader granted `categories`: one query, and one per kind of source."""
    return [OpenTask(task, shown_to(task, categories)) for task in tasks_open_for(family=family)]


def shown_categories(rows: list[OpenTask]) -> set[str]:
    """The sensitive categories of the tasks shown (each a read to audit)."""
    return {row.task.sensitive_category for row in rows if row.shown} - {""}
