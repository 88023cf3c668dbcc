"""The kinds of task, each declared by the app that raises it (in its AppConfig.ready), with the
outcomes a person may close it with and what closing it does next. Plain Python and choices only: the
models import this, not the other way round."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from nestling.accounts.models import User
    from nestling.tasks.models import Task


class TaskOutcome(models.TextChoices):
    DISCUSSED = "discussed", _("Talked it over with the family; nothing more is needed now")
    REFERRAL_MADE = "referral_made", _("Referral made")
    ALREADY_IN_CARE = "already_in_care", _("Already receiving care for this")
    RESCREEN_PLANNED = "rescreen_planned", _("Screen again soon (or measure again, for growth)")
    FOLLOW_ON_GIVEN = "follow_on_given", _("The screen it asked for was given")
    ENTERED_IN_ERROR = "entered_in_error", _("The screen was entered in error")
    SOURCE_CORRECTED = "source_corrected", _("The record it came from was corrected: it no longer holds")
    DECLINED = "declined", _("The family declined")
    FAMILY_DISCHARGED = "family_discharged", _("The family was discharged")
    OTHER = "other", _("Other (say what was done)")


# Outcomes only the system records, when a task closes by itself.
AUTOMATIC_OUTCOMES = frozenset(
    {TaskOutcome.FOLLOW_ON_GIVEN, TaskOutcome.ENTERED_IN_ERROR, TaskOutcome.SOURCE_CORRECTED}
)
# A person chooses it, but only on the discharge page, which asks about every open task at once: a task's
# own form does not offer it, and every kind accepts it there.
DISCHARGE_OUTCOMES = frozenset({TaskOutcome.FAMILY_DISCHARGED})


@dataclass(frozen=True)
class SourceLink:
    """Where the record that raised a task is seen: its page, its name, and a short "see it" phrase."""

    url: str
    label: str
    short: str


@dataclass(frozen=True)
class TaskKind:
    code: str
    label: str | Promise
    # What a person may choose when closing it; the automatic outcomes are the system's alone.
    outcomes: tuple[str, ...] = tuple(
        o for o in TaskOutcome.values if o not in AUTOMATIC_OUTCOMES | DISCHARGE_OUTCOMES
    )
    # Called in the closing transaction with (task, by, extra): e.g. "screen again soon" opens a rescreen.
    on_close: Callable[[Task, User, dict[str, Any]], None] | None = field(default=None, compare=False)
    # Where the record that raised it is seen (the task's source loaded, and its family).
    source_link: Callable[[Task], SourceLink | None] | None = field(default=None, compare=False)
    # The sensitive category a task of this kind is in, from its source (loaded): a screen's follow-up
    # names the instrument, so it is in the instrument's category. None: never sensitive.
    category: Callable[[Task], str] | None = field(default=None, compare=False)


_KINDS: dict[str, TaskKind] = {}

# What an outcome does next, whatever the kind of task (called like `on_close`, after it): "referral
# made" makes or links a real referral. Registered by the app that owns what follows.
OutcomeFollowOn = Callable[["Task", "User", dict[str, Any]], None]
_OUTCOME_FOLLOW_ONS: dict[str, list[OutcomeFollowOn]] = {}


def outcome_follow_on_register(outcome: str, follow_on: OutcomeFollowOn) -> None:
    """Run `follow_on` in the closing transaction of every task closed with `outcome`."""
    known = _OUTCOME_FOLLOW_ONS.setdefault(outcome, [])
    if follow_on not in known:
        known.append(follow_on)


def outcome_follow_ons(outcome: str) -> list[OutcomeFollowOn]:
    return list(_OUTCOME_FOLLOW_ONS.get(outcome, ()))


def task_kind_register(kind: TaskKind) -> None:
    """Declare a kind of task. Declaring the same code twice with another meaning is a mistake."""
    known = _KINDS.get(kind.code)
    if known is not None and known != kind:
        raise ValueError(f"task kind {kind.code!r} is declared twice")
    _KINDS[kind.code] = kind


def task_kind(code: str) -> TaskKind:
    """The declared kind; an unknown code (a kind no installed app declares any more) reads as itself."""
    return _KINDS.get(code) or TaskKind(code=code, label=code)


def task_kinds() -> list[TaskKind]:
    return list(_KINDS.values())
