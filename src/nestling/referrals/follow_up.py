"""The one task that chases an open referral: due the day first contact is expected, moved when that
day is corrected, closed when the referral ends (or at a discharge)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.accounts.models import User
from nestling.records.writes import record_update
from nestling.referrals.models import Referral
from nestling.referrals.task_kinds import REFERRAL_FOLLOW_UP
from nestling.tasks.kinds import TaskOutcome
from nestling.tasks.models import Task
from nestling.tasks.services import task_open, tasks_close_open


def _text(referral: Referral) -> str:
    return _("Chase the referral of %(whom)s to %(service)s: first contact was expected by %(on)s.") % {
        "whom": referral.subject.person,
        "service": referral.service_label,
        "on": date_format(referral.expected_by, "j M Y"),
    }


def follow_up_sync(referral: Referral, *, by: User) -> None:
    """Make the referral's follow-up task agree with it: one open task while it is open, due its expected
    date and saying so; none once it is closed."""
    tasks = Task.objects.filter(kind=REFERRAL_FOLLOW_UP, referral=referral)
    if referral.is_closed:
        tasks_close_open(
            tasks,
            by=by,
            outcome=TaskOutcome.OTHER,
            note=_("The referral closed: %(how)s.") % {"how": referral.get_status_display()},
        )
        return
    task = tasks.filter(done_at__isnull=True).first()
    if task is None:
        task_open(
            family=referral.family,
            kind=REFERRAL_FOLLOW_UP,
            text=_text(referral),
            due_on=referral.expected_by,
            by=by,
            source=referral,
            subject=referral.subject,
            assignee=referral.created_by,
        )
        return
    changes = {"due_on": referral.expected_by, "text": _text(referral)}
    if any(getattr(task, name) != value for name, value in changes.items()):
        record_update(
            task,
            by=by,
            version=task.version,
            changes=changes,
            allowed=frozenset(changes),
            family=referral.family,
            detail={"follows": f"referral:{referral.uuid}"},
        )
