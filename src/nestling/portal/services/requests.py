"""What a caregiver asks of their practitioner from the portal: another time for a visit."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from nestling.families.models import subject_of
from nestling.portal.principal import CaregiverPrincipal, require_own
from nestling.portal.task_kinds import VISIT_CHANGE_ASKED
from nestling.records.errors import RecordInvalid
from nestling.tasks.models import Task
from nestling.tasks.services import task_open
from nestling.visits.models import Visit, VisitStatus

MESSAGE_MAX = 500
ANSWER_WITHIN_DAYS = 2


def visit_change_ask(*, principal: CaregiverPrincipal, visit: Visit, message: str) -> Task:
    """Ask the visit's practitioner for another time: a task on their list, due in two days, saying when
    the caregiver would rather meet."""
    require_own(principal, visit, action="portal.visit_change")
    message = message.strip()
    errors: dict[str, list[str]] = {}
    if visit.status != VisitStatus.SCHEDULED or visit.visit_on < timezone.localdate():
        errors[""] = [_("This visit is not coming up any more, so its time cannot be changed here.")]
    if not message:
        errors["message"] = [_("Say which days or times would suit you better.")]
    elif len(message) > MESSAGE_MAX:
        errors["message"] = [_("Please keep it under %(n)s characters.") % {"n": MESSAGE_MAX}]
    if errors:
        raise RecordInvalid(errors)
    text = _("%(who)s asks to change the visit of %(on)s at %(at)s: “%(message)s”") % {
        "who": principal.caregiver.full_name,
        "on": date_format(visit.visit_on, "j M Y"),
        "at": time_format(visit.starts_at, "H:i"),
        "message": message,
    }
    with transaction.atomic():
        return task_open(
            family=principal.family,
            kind=VISIT_CHANGE_ASKED,
            text=text,
            due_on=timezone.localdate() + timedelta(days=ANSWER_WITHIN_DAYS),
            by=principal.user,
            source=visit,
            subject=subject_of(principal.caregiver),
            assignee=visit.practitioner,
        )
