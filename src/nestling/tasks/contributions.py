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
from nestling.tasks.selectors import tasks_open_for


def family_page_open_tasks(*, actor: User, family: Family, page: FamilyPage) -> FamilyParts:
    tasks = tasks_open_for(family=family)
    if not tasks:
        return FamilyParts()
    return FamilyParts(panels=[Part("tasks/_open_tasks.html", {"family": family, "tasks": tasks})])


def task_history(*, actor: User, family: Family) -> list[TimelineEntry]:
    """Each task opened, and closed with what was done (one query)."""
    entries: list[TimelineEntry] = []
    for task in Task.objects.filter(family=family):
        about = frozenset({str(task.subject_id)}) if task.subject_id else frozenset()
        entries.append(
            TimelineEntry(
                timezone.localdate(task.created_at),
                "task",
                _("Task opened: %(text)s") % {"text": task.text},
                about,
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
                )
            )
    return entries


def register() -> None:
    contribute_to_family_page(family_page_open_tasks)
    contribute_to_timeline(task_history, {"task": gettext_lazy("Tasks")})
