"""The tasks screening raises: follow a positive screen up, and give a screen again. Declared to the task
list when the app is ready."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.accounts.models import User
from nestling.screening.models import ScreeningResult
from nestling.screening.scoring import UnknownInstrument, default_library
from nestling.screening.words import name_in_sentence, short_name
from nestling.tasks.kinds import SourceLink, TaskKind, TaskOutcome, task_kind_register
from nestling.tasks.models import Task
from nestling.tasks.services import task_open

POSITIVE_SCREEN = "positive_screen"
RESCREEN = "rescreen"
RESCREEN_DAYS = 14  # "screen again soon", when no date is given


def _plan_rescreen(task: Task, by: User, extra: dict[str, Any]) -> None:
    """ "Screen again soon" on a screen's task opens a task to give that screen again."""
    result = task.source
    if task.outcome != TaskOutcome.RESCREEN_PLANNED or not isinstance(result, ScreeningResult):
        return
    on = extra.get("rescreen_on") or timezone.localdate() + timedelta(days=RESCREEN_DAYS)
    task_open(
        family=task.family,
        kind=RESCREEN,
        text=_("Give the %(instrument)s again (planned after the result of %(on)s).")
        % {
            "instrument": name_in_sentence(default_library().get(result.definition)),
            "on": date_format(result.administered_on, "j M Y"),
        },
        due_on=on,
        by=by,
        source=result,
        subject=result.subject,
    )


def _result_link(task: Task) -> SourceLink | None:
    result = task.source
    if not isinstance(result, ScreeningResult):
        return None
    try:
        name = short_name(default_library().get(result.definition))
    except UnknownInstrument:
        name = result.definition
    return SourceLink(
        url=reverse("screening_result", args=[task.family.uuid, result.uuid]),
        label=f"{name} · {date_format(result.administered_on, 'j M Y')}",
        short=_("See the result"),
    )


def _result_category(task: Task) -> str:
    """A screen's task names its instrument: it is in the category of the instrument's results."""
    result = task.source
    return result.sensitive_category if isinstance(result, ScreeningResult) else ""


def register() -> None:
    task_kind_register(
        TaskKind(
            POSITIVE_SCREEN,
            gettext_lazy("Positive screen"),
            on_close=_plan_rescreen,
            source_link=_result_link,
            category=_result_category,
        )
    )
    task_kind_register(
        TaskKind(RESCREEN, gettext_lazy("Screen again"), source_link=_result_link, category=_result_category)
    )
