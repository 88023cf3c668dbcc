"""What the task list asks at a discharge: each open task of the family, to close (as "the family was
discharged", with the reason as its note) or keep. A task in a sensitive category says so, so that a
reader without the grant is told only that there is one, and it is kept. Registered when the app is ready."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.accounts.models import User
from nestling.families.contributions import DischargeContributor, OpenItem, contribute_to_discharge
from nestling.families.models import Family
from nestling.tasks.kinds import TaskOutcome
from nestling.tasks.models import Task
from nestling.tasks.selectors import tasks_open_for
from nestling.tasks.services import task_close

PREFIX = "task:"
CLOSING = gettext_lazy('Closed as "the family was discharged", with the reason as its note.')
KEEPING = gettext_lazy("Stays open on the task list, with whoever it is assigned to.")


def _label(task: Task) -> str:
    return _("%(kind)s: %(text)s (due %(due)s)") % {
        "kind": task.kind_label,
        "text": task.text,
        "due": date_format(task.due_on, "j M Y"),
    }


def open_tasks(*, family: Family, on: date) -> Sequence[OpenItem]:
    """Every open task of the family, whatever its due date (one query, and one per kind of source)."""
    return [
        OpenItem(
            key=f"{PREFIX}{task.uuid}",
            label=_label(task),
            closing=CLOSING,
            keeping=KEEPING,
            sensitive_category=task.sensitive_category,
        )
        for task in tasks_open_for(family=family)
    ]


def close_tasks(*, by: User, family: Family, on: date, chosen: Mapping[str, str]) -> None:
    """Close each chosen task through the task list's one close, from the version it has now (the
    discharge holds the episode's lock; a task closed meanwhile is refused, and the discharge with it)."""
    ids = [key.removeprefix(PREFIX) for key in chosen]
    for task in Task.objects.filter(family=family, uuid__in=ids).select_related("family"):
        task_close(
            task=task,
            by=by,
            outcome=TaskOutcome.FAMILY_DISCHARGED,
            note=chosen[f"{PREFIX}{task.uuid}"],
            version=task.version,
        )


def register() -> None:
    contribute_to_discharge(
        DischargeContributor(
            kind="tasks", heading=gettext_lazy("Open tasks"), open_items=open_tasks, close=close_tasks
        )
    )
