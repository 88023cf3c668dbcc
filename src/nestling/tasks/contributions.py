"""What the task list adds to the family page (the open tasks) and to the History page (tasks opened and
closed). Registered when the app is ready."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.accounts.models import User
from nestling.families.contributions import (
    FamilyParts,
    Part,
    TimelineEntry,
    contribute_to_family_page,
    contribute_to_timeline,
)
from nestling.families.models import Family
from nestling.families.selectors import FamilyPage
from nestling.tasks.models import Task
from nestling.tasks.selectors import open_tasks_seen, shown_categories


def family_page_open_tasks(*, actor: User, family: Family, page: FamilyPage) -> FamilyParts:
    """The open tasks; one in a category the reader has no grant for says only that it is there."""
    rows = open_tasks_seen(family=family, categories=page.categories)
    if not rows:
        return FamilyParts()
    return FamilyParts(
        panels=[Part("tasks/_open_tasks.html", {"family": family, "rows": rows})],
        shown_categories=shown_categories(rows),
    )


def task_history(*, actor: User, family: Family) -> list[TimelineEntry]:
    """Each task opened, and closed with what was done, in the category of what raised it (one query, and
    one per kind of source)."""
    entries: list[TimelineEntry] = []
    for task in Task.objects.filter(family=family).prefetch_related("source"):
        about = frozenset({str(task.subject_id)}) if task.subject_id else frozenset()
        category = task.sensitive_category
        entries.append(
            TimelineEntry(
                timezone.localdate(task.created_at),
                "task",
                _("Task opened: %(text)s") % {"text": task.text},
                about,
                category,
            )
        )
        if task.done_at is not None:
            note = f" — {task.outcome_note}" if task.outcome_note else ""
            entries.append(
                TimelineEntry(
                    timezone.localdate(task.done_at),
                    "task",
                    _("Task closed: %(outcome)s") % {"outcome": task.get_outcome_display()} + note,
                    about,
                    category,
                )
            )
    return entries


def register() -> None:
    contribute_to_family_page(family_page_open_tasks)
    contribute_to_timeline(task_history, {"task": gettext_lazy("Tasks")})
