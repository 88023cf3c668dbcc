"""The time rules of the worklist and the week's schedule, as plain date arithmetic (no Django): which
Monday starts a week, when a visit ends, whether two visits clash, and when a visit is late to document.

Times here are naive local wall-clock times: a visit is booked at a local date and time."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

DAYS_IN_WEEK = 7
# A visit's note is expected within a day of the visit; after that the worklist asks for it.
DOCUMENT_GRACE = timedelta(days=1)


def week_start(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def week_days(day: date) -> list[date]:
    """Monday to Sunday of the week `day` falls in."""
    monday = week_start(day)
    return [monday + timedelta(days=n) for n in range(DAYS_IN_WEEK)]


@dataclass(frozen=True)
class Slot:
    """A visit's place in time: its date, start and length; `key` says which visit it is."""

    key: Hashable
    day: date
    starts_at: time
    minutes: int

    @property
    def start(self) -> datetime:
        return datetime.combine(self.day, self.starts_at)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


def clashing(slots: Iterable[Slot]) -> set[Hashable]:
    """The keys of the slots that overlap another slot. One ending as the next starts is no clash.

    Swept in order of start: a slot starting before the latest end seen so far overlaps the slot that ends
    then, and any other earlier slot it overlaps overlaps that one too, so it was marked already."""
    found: set[Hashable] = set()
    latest: Slot | None = None
    for slot in sorted(slots, key=lambda s: (s.start, s.end)):
        if latest is not None and slot.start < latest.end:
            found.update((slot.key, latest.key))
        if latest is None or slot.end > latest.end:
            latest = slot
    return found


def late_to_document(slot: Slot, now: datetime) -> bool:
    """Whether a visit that ended at the end of `slot` is past its day's grace for the note at `now`."""
    return now - slot.end > DOCUMENT_GRACE


# The week picker goes this many years either side of today (a typing slip lands on an empty week
# otherwise, and a date past the calendar's end has no Sunday).
WEEK_RANGE_YEARS = 10


def week_range(today: date) -> tuple[date, date]:
    """The first and last dates whose week may be shown."""
    span = timedelta(days=round(365.25 * WEEK_RANGE_YEARS))
    return today - span, today + span
