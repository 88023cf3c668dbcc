"""The task growth raises: faltering growth to look into. Declared to the task list when the app is ready."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.growth.models import Measurement
from nestling.tasks.kinds import SourceLink, TaskKind, task_kind_register
from nestling.tasks.models import Task

FALTERING_GROWTH = "faltering_growth"


def _measurement_link(task: Task) -> SourceLink | None:
    measurement = task.source
    if not isinstance(measurement, Measurement):
        return None
    # The task's subject is the child, whose id the growth page takes.
    child_uuid = task.subject_id or measurement.child.uuid
    return SourceLink(
        url=reverse("child_growth", args=[child_uuid]),
        label=_("Growth measurement of %(on)s") % {"on": date_format(measurement.measured_on, "j M Y")},
        short=_("See the growth chart"),
    )


def register() -> None:
    task_kind_register(
        TaskKind(FALTERING_GROWTH, gettext_lazy("Faltering growth"), source_link=_measurement_link)
    )
