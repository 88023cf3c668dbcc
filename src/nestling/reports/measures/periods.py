"""Reporting periods: a month, a quarter, a year or a custom span, the period before it, and its months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from nestling.families.age import add_months

KINDS = ("month", "quarter", "year", "custom")
MAX_CUSTOM_DAYS = 3 * 366  # a longer span is almost certainly a mistyped year


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def key(self) -> str:
        """A stable text for the period, as a URL and a report carry it."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return f"{self.start.year}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def previous(self) -> Period:
        """The period just before, of the same kind and length."""
        if self.kind == "month":
            return month_of(add_months(self.start, -1))
        if self.kind == "quarter":
            return quarter_of(add_months(self.start, -3))
        if self.kind == "year":
            return year_of(date(self.start.year - 1, 1, 1))
        end = self.start - timedelta(days=1)
        return Period("custom", end - timedelta(days=self.days - 1), end)

    def months(self) -> tuple[Period, ...]:
        """The calendar months the period touches, each cut to the period."""
        months = []
        first = date(self.start.year, self.start.month, 1)
        while first <= self.end:
            month = month_of(first)
            months.append(Period("month", max(month.start, self.start), min(month.end, self.end)))
            first = add_months(first, 1)
        return tuple(months)


def month_of(day: date) -> Period:
    first = date(day.year, day.month, 1)
    return Period("month", first, add_months(first, 1) - timedelta(days=1))


def quarter_of(day: date) -> Period:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return Period("quarter", first, add_months(first, 3) - timedelta(days=1))


def year_of(day: date) -> Period:
    return Period("year", date(day.year, 1, 1), date(day.year, 12, 31))


def last_complete(kind: str, today: date) -> Period:
    """The last whole period of this kind before today: last month, last quarter, last year."""
    if kind == "month":
        return month_of(add_months(month_of(today).start, -1))
    if kind == "quarter":
        return quarter_of(add_months(quarter_of(today).start, -3))
    if kind == "year":
        return year_of(date(today.year - 1, 1, 1))
    raise ValueError(f"no last complete {kind!r}")


def parse_period(kind: str, value: str, *, start: str = "", end: str = "") -> Period:
    """A period from its key ("2026-09", "2026-Q3", "2026") or, for a custom one, two ISO dates.
    Raises ValueError with a reason a person can act on."""
    if kind == "month":
        year, _, month = value.partition("-")
        return month_of(date(int(year), int(month), 1))
    if kind == "quarter":
        year, _, quarter = value.partition("-Q")
        if not quarter or not 1 <= int(quarter) <= 4:
            raise ValueError("a quarter is written 2026-Q3")
        return quarter_of(date(int(year), 3 * int(quarter) - 2, 1))
    if kind == "year":
        return year_of(date(int(value), 1, 1))
    if kind == "custom":
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        if last < first:
            raise ValueError("the period ends before it starts")
        if (last - first).days > MAX_CUSTOM_DAYS:
            raise ValueError("a custom period is at most three years")
        return Period("custom", first, last)
    raise ValueError(f"unknown period kind {kind!r}")
