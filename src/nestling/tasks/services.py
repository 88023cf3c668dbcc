"""The one way tasks open and close. A task closes once: by a person with what was done, or by itself
(version None) when what it asked for happened — the screen was given again, the screen was entered in
error."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require, require_category
from nestling.accounts.models import User
from nestling.families.models import Family, Subject
from nestling.records.errors import RecordInvalid
from nestling.records.writes import record_close_once, record_insert
from nestling.tasks.kinds import DISCHARGE_OUTCOMES, TaskOutcome, outcome_follow_ons, task_kind
from nestling.tasks.models import Task


def task_open(
    *,
    family: Family,
    kind: str,
    text: str,
    due_on: date,
    by: User,
    source: models.Model | None = None,
    subject: Subject | None = None,
    assignee: User | None = None,
) -> Task:
    """Open a task on the family's list, raised by `source` (a result, a measurement…) when there is one."""
    task = Task(
        organization_id=family.organization_id,
        family=family,
        subject=subject,
        kind=kind,
        text=text,
        due_on=due_on,
        assignee=assignee or by,
        source=source,
        created_by=by,
    )
    detail = {"kind": kind}
    if source is not None:
        detail["source"] = f"{source._meta.model_name}:{getattr(source, 'uuid', source.pk)}"
    return record_insert(task, by=by, family=family, detail=detail)


def _closed_by_whom(task: Task) -> str:
    who = task.done_by.display_name if task.done_by else ""
    on = date_format(timezone.localtime(task.done_at), "j M Y, H:i") if task.done_at else ""
    return _("%(who)s closed this task on %(on)s.") % {"who": who, "on": on}


def task_close(
    *,
    task: Task,
    by: User,
    outcome: str,
    note: str = "",
    version: int | None,
    extra: dict[str, Any] | None = None,
) -> Task:
    """Close a task with what was done. A person (`version` given) chooses one of the kind's outcomes (or,
    at a discharge, "the family was discharged"), and "other" needs a note; a task already closed, or
    changed since `version`, is refused naming who did it. The kind's own follow-on (a rescreen to plan,
    say) runs in the same transaction."""
    if version is not None:  # a person closes it; the system's own closes follow a permitted write
        require(by, Action.FAMILY_EDIT, task.family)
        # A task in a sensitive category names what only a grant shows: closing it needs the grant.
        require_category(
            by,
            task.sensitive_category,
            task.family,
            action="task.close",
            subject_type="task",
            subject_id=task.uuid,
        )
    note = note.strip()
    kind = task_kind(task.kind)
    offered = (*kind.outcomes, *DISCHARGE_OUTCOMES) if version is not None else TaskOutcome.values
    if outcome not in offered:
        raise RecordInvalid({"kind": [_("Choose what was done.")]})
    if outcome == TaskOutcome.OTHER and not note:
        raise RecordInvalid({"note": [_("Say what was done.")]})
    with transaction.atomic():
        now = timezone.now()
        current = record_close_once(
            task,
            by=by,
            version=version,
            closed_when="done_at",
            values={"done_at": now, "done_by": by, "outcome": outcome, "outcome_note": note},
            refusal=_closed_by_whom,
            family=task.family,
            detail={"days_after_due": (timezone.localdate() - task.due_on).days},
        )
        if kind.on_close is not None:
            kind.on_close(current, by, extra or {})
        for follow_on in outcome_follow_ons(outcome):
            follow_on(current, by, extra or {})
    return current


def tasks_close_open(tasks: QuerySet[Task], *, by: User, outcome: str, note: str) -> None:
    """Close those of these tasks still open, by themselves: what they asked for has happened."""
    for task in tasks.filter(done_at__isnull=True).select_related("family"):
        task_close(task=task, by=by, outcome=outcome, note=note, version=None)
