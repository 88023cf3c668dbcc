"""Age arithmetic for children and pregnancies: chronological, corrected and gestational age.

Pure Python (no Django): ages are whole days between dates, as the design asks. Corrected age follows
rcpchgrowth: the expected date of delivery (EDD) is the birth date plus (280 − gestation in days), and
corrected age is the time since the EDD. Words are left to the caller: `age_parts` returns numbers that
the UI translates.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

TERM_DAYS = 280  # 40+0 weeks: the length of pregnancy that corrected age counts back from

# rcpchgrowth's own limits: a gestation outside 22–44 weeks is almost certainly a typing error.
MIN_GESTATION_WEEKS = 22
MAX_GESTATION_WEEKS = 44

# How an age reads best at each stage (the way clinicians say it): days for a newborn, weeks for the
# first months, months and weeks in infancy, then years and months.
DAYS_ONLY_BELOW_DAYS = 14
WEEKS_BELOW_DAYS = 12 * 7
MONTHS_BELOW_MONTHS = 24


class AgeError(ValueError):
    """Bad dates or gestation for an age calculation; the message is one line for the user."""


@dataclass(frozen=True)
class Gestation:
    """Gestational age as weeks + days (e.g. 32+4), at birth or during a pregnancy."""

    weeks: int
    days: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.days <= 6:
            raise AgeError(f"Gestation days must be between 0 and 6, not {self.days}.")

    @classmethod
    def at_birth(cls, weeks: int, days: int = 0) -> Gestation:
        """A gestation at birth, refused outside the plausible 22+0 to 44+6 weeks."""
        if not MIN_GESTATION_WEEKS <= weeks <= MAX_GESTATION_WEEKS:
            raise AgeError(
                f"Gestation at birth must be between {MIN_GESTATION_WEEKS} and {MAX_GESTATION_WEEKS} weeks, "
                f"not {weeks}."
            )
        return cls(weeks, days)

    @classmethod
    def from_days(cls, total_days: int) -> Gestation:
        return cls(total_days // 7, total_days % 7)

    @property
    def total_days(self) -> int:
        return self.weeks * 7 + self.days

    @property
    def days_early(self) -> int:
        """Days born before 40+0 weeks; negative for a baby born after term."""
        return TERM_DAYS - self.total_days

    def __str__(self) -> str:
        return f"{self.weeks}+{self.days}"


TERM = Gestation(40, 0)


def chronological_age_days(birth_date: date, on: date) -> int:
    """Whole days from birth to `on`; refuses a date before birth."""
    if on < birth_date:
        raise AgeError(f"The date {on.isoformat()} is before the birth date {birth_date.isoformat()}.")
    return (on - birth_date).days


def expected_delivery_date(birth_date: date, gestation: Gestation) -> date:
    """The date the baby would have reached 40+0 weeks (rcpchgrowth's EDD)."""
    return birth_date + timedelta(days=gestation.days_early)


def corrected_age_days(birth_date: date, on: date, gestation: Gestation) -> int:
    """Chronological age − (280 − gestation in days), exactly as rcpchgrowth computes it.

    Negative before the baby reaches term-equivalent age; larger than the chronological age for a baby
    born after 40+0 (rcpchgrowth does the same). Whether corrected age should be *used* is a separate
    question: see `CorrectionRule`.
    """
    return chronological_age_days(birth_date, on) - gestation.days_early


def postmenstrual_age(birth_date: date, on: date, gestation: Gestation) -> Gestation:
    """Gestation at birth plus days since birth: how a preterm baby's age is said before term."""
    return Gestation.from_days(gestation.total_days + chronological_age_days(birth_date, on))


@dataclass(frozen=True)
class CorrectionRule:
    """When a child's age is shown and assessed as corrected age. A program setting.

    The default follows the SWYC instructions: correct only while the child is under 24 months
    (chronological, in completed calendar months) and was born at least 3 weeks early, read as born
    before 37+0 weeks — the usual definition of preterm; a baby born at exactly 37+0 is term.
    """

    max_months: int = 24
    min_weeks_early: int = 3

    def __post_init__(self) -> None:
        if self.max_months < 0 or self.min_weeks_early < 1:
            raise AgeError("A correction rule needs a non-negative age limit and at least one week early.")

    @property
    def born_before(self) -> Gestation:
        return Gestation(40 - self.min_weeks_early, 0)

    def applies(self, birth_date: date, on: date, gestation: Gestation) -> bool:
        preterm = gestation.total_days < self.born_before.total_days
        return preterm and completed_months(birth_date, on) < self.max_months


@dataclass(frozen=True)
class ChildAge:
    """A child's age on a date, with the corrected age the program's rule says to use."""

    chronological_days: int
    corrected_days: int  # equals chronological_days when correction does not apply
    corrected: bool

    @classmethod
    def on(
        cls,
        birth_date: date,
        on: date,
        gestation: Gestation | None = None,
        rule: CorrectionRule | None = None,
    ) -> ChildAge:
        chronological = chronological_age_days(birth_date, on)
        rule = rule or CorrectionRule()
        if gestation is None or not rule.applies(birth_date, on, gestation):
            return cls(chronological, chronological, corrected=False)
        return cls(chronological, corrected_age_days(birth_date, on, gestation), corrected=True)


def add_months(start: date, months: int) -> date:
    """`start` plus whole calendar months; the 31st becomes the last day of a shorter month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if start.day <= 28:  # every month has a 28th: the common case needs no calendar (measures call it a lot)
        return date(year, month, start.day)
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February becomes 28 February in a common year, and a
    day before the first the calendar holds becomes that first day (date.replace(year=…) raises on both).
    """
    if day.year - years < date.min.year:
        return date.min
    return add_months(day, -12 * years)


def completed_months(start: date, on: date) -> int:
    """Whole calendar months from `start` to `on` (how screening tools count age in months)."""
    if on < start:
        raise AgeError(f"The date {on.isoformat()} is before {start.isoformat()}.")
    months = (on.year - start.year) * 12 + on.month - start.month
    if add_months(start, months) > on:
        months -= 1
    return months


@dataclass(frozen=True)
class MonthsAndDays:
    """Age as completed months plus leftover days, e.g. 4m12d (SWYC windows read "4m0d–5m31d")."""

    months: int
    days: int


def age_in_months_and_days(start: date, on: date) -> MonthsAndDays:
    months = completed_months(start, on)
    return MonthsAndDays(months, (on - add_months(start, months)).days)


@dataclass(frozen=True)
class AgeParts:
    """The parts of an age worth saying, zero where a part is not said.

    The UI turns these into words ("6 weeks", "4 months 2 weeks", "2 years 3 months") in the user's
    language, with the right plurals.
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0


def age_parts(start: date, on: date) -> AgeParts:
    """A readable age from `start` (birth date, or the EDD for corrected age) to `on`.

    Under 2 weeks: days. Under 12 weeks: weeks and days. Under 24 months: months and weeks.
    Then years and months.
    """
    total_days = (on - start).days
    if total_days < 0:
        raise AgeError(f"The date {on.isoformat()} is before {start.isoformat()}.")
    if total_days < DAYS_ONLY_BELOW_DAYS:
        return AgeParts(days=total_days)
    if total_days < WEEKS_BELOW_DAYS:
        return AgeParts(weeks=total_days // 7, days=total_days % 7)
    months_days = age_in_months_and_days(start, on)
    if months_days.months < MONTHS_BELOW_MONTHS:
        return AgeParts(months=months_days.months, weeks=months_days.days // 7)
    return AgeParts(years=months_days.months // 12, months=months_days.months % 12)


def gestation_on(due_date: date, on: date) -> Gestation:
    """How far along a pregnancy is on `on`, from its due date: 280 − (due − on) days."""
    total_days = TERM_DAYS - (due_date - on).days
    if total_days < 0:
        raise AgeError(f"The date {on.isoformat()} is more than 40 weeks before the due date.")
    return Gestation.from_days(total_days)
