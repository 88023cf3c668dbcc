"""The task the care plan raises: review the plan by its review date. Declared to the task list when the
app is ready.

The task opens with the plan, due on its review date; recording a review closes it and opens the next,
and changing the plan's review date moves it (plans.services.plan).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.plans.models import CarePlan
from nestling.tasks.kinds import SourceLink, TaskKind, task_kind_register
from nestling.tasks.models import Task

PLAN_REVIEW = "plan_review"


def _plan_link(task: Task) -> SourceLink | None:
    plan = task.source
    if not isinstance(plan, CarePlan):
        return None
    return SourceLink(
        url=reverse("care_plan", args=[task.family.uuid, plan.uuid]),
        label=_("Care plan from %(on)s") % {"on": date_format(plan.started_on, "j M Y")},
        short=_("Review the plan"),
    )


def register() -> None:
    task_kind_register(TaskKind(PLAN_REVIEW, gettext_lazy("Care plan review"), source_link=_plan_link))
