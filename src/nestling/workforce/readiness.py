"""Progress toward an endorsement credential: hours of RS/C received and of training, against a rule's
thresholds and windows. Plain Python, no Django."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ZERO = Decimal("0")


@dataclass(frozen=True)
class Rule:
    """One version of what a credential asks, to earn it or to renew it each year."""

    credential: str
    purpose: str  # "earn" or "renew"
    version: int
    rsc_hours: Decimal
    rsc_window_months: int
    training_hours: Decimal
    training_window_months: int | None  # None: training of any date counts
    verified: bool
    note: str = ""


@dataclass(frozen=True)
class Hours:
    on: date
    hours: Decimal


@dataclass(frozen=True)
class Progress:
    rule: Rule
    rsc_have: Decimal
    training_have: Decimal
    rsc_from: date
    training_from: date | None

    @property
    def rsc_short(self) -> Decimal:
        return max(ZERO, self.rule.rsc_hours - self.rsc_have)

    @property
    def training_short(self) -> Decimal:
        return max(ZERO, self.rule.training_hours - self.training_have)

    @property
    def ready(self) -> bool:
        return self.rsc_short == ZERO and self.training_short == ZERO

    @property
    def share(self) -> int:
        """How far along, in percent of all the hours asked (what a progress bar shows)."""
        wanted = self.rule.rsc_hours + self.rule.training_hours
        if wanted == ZERO:
            return 100
        have = min(self.rsc_have, self.rule.rsc_hours) + min(self.training_have, self.rule.training_hours)
        return int(have * 100 / wanted)


def months_before(on: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it has no such day)."""
    month_index = on.year * 12 + on.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(on.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _total(entries: Iterable[Hours], *, since: date | None, on: date) -> Decimal:
    return sum(
        (entry.hours for entry in entries if entry.on <= on and (since is None or entry.on > since)), ZERO
    )


def progress_of(rule: Rule, *, rsc: list[Hours], training: list[Hours], on: date) -> Progress:
    """Hours counted toward `rule` on day `on`: RS/C within its window, training within its own."""
    rsc_from = months_before(on, rule.rsc_window_months)
    training_from = months_before(on, rule.training_window_months) if rule.training_window_months else None
    return Progress(
        rule=rule,
        rsc_have=_total(rsc, since=rsc_from, on=on),
        training_have=_total(training, since=training_from, on=on),
        rsc_from=rsc_from,
        training_from=training_from,
    )
