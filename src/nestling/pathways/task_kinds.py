"""The task a pathway raises: a step that is the practitioner's (a visit to plan, a group to invite the
family to), due on the step's day."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.pathways.models import FamilyPathway
from nestling.tasks.kinds import SourceLink, TaskKind, task_kind_register
from nestling.tasks.models import Task

PATHWAY_STEP = "pathway_step"


def _pathway_link(task: Task) -> SourceLink | None:
    on = task.source
    if not isinstance(on, FamilyPathway):
        return None
    return SourceLink(
        url=reverse("family_pathways", args=[task.family.uuid]),
        label=_("The family's pathway"),
        short=_("See the pathway"),
    )


def register() -> None:
    task_kind_register(
        TaskKind(PATHWAY_STEP, gettext_lazy("A step of the family's pathway"), source_link=_pathway_link)
    )
