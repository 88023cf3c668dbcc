"""What the worklist holds and in which order (plain Python, no Django): items of work, each with how
urgent it is, grouped by household so that one visit can deal with every member's items.

Urgency: overdue first, then open safety alerts, then what is due soon, then what is due later."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# A task or screen due within this many days is "due soon".
SOON_DAYS = 14


class Urgency(enum.IntEnum):
    OVERDUE = 0
    ALERT = 1
    DUE_SOON = 2
    LATER = 3


def urgency_by_date(due_on: date, today: date) -> Urgency:
    """Overdue before today, due soon within `SOON_DAYS`, later after that."""
    if due_on < today:
        return Urgency.OVERDUE
    if due_on <= today + timedelta(days=SOON_DAYS):
        return Urgency.DUE_SOON
    return Urgency.LATER


@dataclass(frozen=True)
class WorkItem:
    """One thing to do for one family: what, for whom, since or by when, and where it is dealt with."""

    kind: str  # "screen", "alert", "task", "visit"
    urgency: Urgency
    on: date  # when it fell or falls due (an alert: when it was raised; a visit: its date)
    label: str  # what kind of thing it is, in a word or two ("Screen overdue", "Positive screen")
    text: str
    when: str  # its date in words ("due by 3 Mar 2026", "raised 1 Mar 2026"), or ""
    about: str  # whose item it is ("" for the household as a whole)
    url: str
    action: str  # the words of the link to `url`
    source_url: str = ""  # where what raised it is seen, if elsewhere
    source_label: str = ""

    @property
    def order(self) -> tuple[int, date]:
        return (self.urgency, self.on)


@dataclass
class FamilyGroup:
    """A household's items, most urgent first, and its next visit."""

    family: Any
    name: str
    items: list[WorkItem] = field(default_factory=list)
    next_visit: Any = None
    next_words: str = ""  # the next visit in words ("Next visit Tue 8 Dec, 10:00, home")
    schedule_url: str = ""

    @property
    def urgency(self) -> Urgency:
        return min(item.urgency for item in self.items)

    @property
    def first_on(self) -> date:
        return min(item.on for item in self.items)

    def count(self, urgency: Urgency) -> int:
        return sum(1 for item in self.items if item.urgency == urgency)


class Sort(enum.StrEnum):
    URGENCY = "urgency"  # the most urgent household first
    DUE = "due"  # the household with the oldest item first
    FAMILY = "family"  # by household name


def sort_groups(groups: list[FamilyGroup], sort: Sort) -> list[FamilyGroup]:
    """The groups in the chosen order, each group's items most urgent (then oldest) first."""
    for group in groups:
        group.items.sort(key=lambda item: item.order)
    if sort == Sort.FAMILY:
        return sorted(groups, key=lambda g: (g.name.casefold(), g.first_on))
    if sort == Sort.DUE:
        return sorted(groups, key=lambda g: (g.first_on, g.urgency, g.name.casefold()))
    return sorted(groups, key=lambda g: (g.items[0].order, g.name.casefold()))
