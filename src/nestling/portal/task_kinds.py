"""The task the portal raises: a caregiver asks to change the time of a visit."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.tasks.kinds import SourceLink, TaskKind, task_kind_register
from nestling.tasks.models import Task
from nestling.visits.models import Visit

VISIT_CHANGE_ASKED = "portal_visit_change"


def _visit_link(task: Task) -> SourceLink | None:
    visit = task.source
    if not isinstance(visit, Visit):
        return None
    return SourceLink(
        url=reverse("visit_detail", args=[visit.family.uuid, visit.uuid]),
        label=_("Visit of %(on)s") % {"on": date_format(visit.visit_on, "j M Y")},
        short=_("See the visit"),
    )


def register() -> None:
    task_kind_register(
        TaskKind(
            VISIT_CHANGE_ASKED, gettext_lazy("A caregiver asks to change a visit"), source_link=_visit_link
        )
    )
