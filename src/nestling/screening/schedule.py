"""When a screen is due: pure date arithmetic, no Django.

A program states each rule as data, e.g. "at enrollment", "at 6 weeks postpartum", or "child at 9
months, window -14/+30 days, corrected age". From the anchor date (enrollment, delivery or birth) the
rule gives a target date and a window; ``status`` tells whether a screen is upcoming, due, overdue or
done.

Corrected age counts from the expected delivery date (EDD = birth date + (280 - gestation in days)),
so a screen "at corrected age N months" is due N months after the EDD. Whether to correct follows
``nestling.families.age.CorrectionRule`` (SWYC: under 24 months and born at least 3 weeks early).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from nestling.families.age import CorrectionRule, Gestation, add_months, expected_delivery_date

Anchor = Literal["enrollment", "delivery", "birth"]
Unit = Literal["days", "weeks", "months"]
AgeBasis = Literal["chronological", "corrected"]
Status = Literal["upcoming", "due", "overdue", "done"]

ANCHORS: tuple[str, ...] = ("enrollment", "delivery", "birth")
UNITS: tuple[str, ...] = ("days", "weeks", "months")
AGE_BASES: tuple[str, ...] = ("chronological", "corrected")


class ScheduleError(ValueError):
    """A rule or the dates given to it do not make sense."""


def shift(start: date, amount: int, unit: Unit) -> date:
    if unit == "months":
        return add_months(start, amount)
    return start + timedelta(days=amount * (7 if unit == "weeks" else 1))


@dataclass(frozen=True)
class ScheduleRule:
    """When an instrument is due, relative to an anchor date."""

    anchor: Anchor
    offset: int = 0
    unit: Unit = "days"
    window_before_days: int = 0
    window_after_days: int = 0
    age_basis: AgeBasis = "chronological"
    # Correct for prematurity only below this target age and for births at least this many weeks early.
    correct_until_months: int = 24
    correct_min_weeks_early: int = 3

    def __post_init__(self) -> None:
        errors = rule_errors(self)
        if errors:
            raise ScheduleError("; ".join(errors))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScheduleRule:
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ScheduleError(f"unknown schedule fields: {', '.join(unknown)}")
        return cls(**data)


def rule_errors(rule: ScheduleRule) -> list[str]:
    """Every problem with a rule, so a program's schedule can be checked in one pass."""
    errors = []
    if rule.anchor not in ANCHORS:
        errors.append(f"anchor must be one of {', '.join(ANCHORS)}")
    if rule.unit not in UNITS:
        errors.append(f"unit must be one of {', '.join(UNITS)}")
    if rule.age_basis not in AGE_BASES:
        errors.append(f"age_basis must be one of {', '.join(AGE_BASES)}")
    if rule.age_basis == "corrected" and rule.anchor != "birth":
        errors.append("corrected age only applies to a rule anchored on the child's birth")
    for name in ("offset", "window_before_days", "window_after_days", "correct_until_months"):
        value = getattr(rule, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors.append(f"{name} must be a whole number of 0 or more")
    weeks_early = rule.correct_min_weeks_early
    if isinstance(weeks_early, bool) or not isinstance(weeks_early, int) or weeks_early < 1:
        errors.append("correct_min_weeks_early must be a whole number of 1 or more")
    return errors


@dataclass(frozen=True)
class DueWindow:
    target: date
    due_from: date
    due_by: date
    corrected: bool


def _corrected_anchor(rule: ScheduleRule, birth_date: date, gestation: Gestation | None) -> date | None:
    """The due date to count from, or None when this rule uses chronological age for this child."""
    if rule.age_basis != "corrected" or gestation is None:
        return None
    edd = expected_delivery_date(birth_date, gestation)
    correction = CorrectionRule(
        max_months=rule.correct_until_months, min_weeks_early=rule.correct_min_weeks_early
    )
    # The child's age on the corrected target date decides, so a late screen counts from birth.
    if not correction.applies(birth_date, max(shift(edd, rule.offset, rule.unit), birth_date), gestation):
        return None
    return edd


def due_window(
    rule: ScheduleRule,
    *,
    enrollment_date: date | None = None,
    delivery_date: date | None = None,
    birth_date: date | None = None,
    gestation: Gestation | None = None,
) -> DueWindow:
    """The target date and the window around it for one rule."""
    anchors = {"enrollment": enrollment_date, "delivery": delivery_date, "birth": birth_date}
    anchor_date = anchors[rule.anchor]
    if anchor_date is None:
        raise ScheduleError(f"a rule anchored on {rule.anchor} needs the {rule.anchor} date")
    edd = _corrected_anchor(rule, anchor_date, gestation) if rule.anchor == "birth" else None
    target = shift(edd or anchor_date, rule.offset, rule.unit)
    return DueWindow(
        target=target,
        due_from=target - timedelta(days=rule.window_before_days),
        due_by=target + timedelta(days=rule.window_after_days),
        corrected=edd is not None,
    )


def status(window: DueWindow, on: date, completed_on: date | None = None) -> Status:
    """Upcoming before the window, due inside it, overdue after it, done once completed in or after it."""
    if completed_on is not None and completed_on >= window.due_from:
        return "done"
    if on < window.due_from:
        return "upcoming"
    if on <= window.due_by:
        return "due"
    return "overdue"


def status_by_age(
    *, target_age_days: int, age_days: int, window_before_days: int = 0, window_after_days: int = 0
) -> Status:
    """The same answer from ages alone, for callers that already hold the (corrected) age in days."""
    if age_days < target_age_days - window_before_days:
        return "upcoming"
    if age_days <= target_age_days + window_after_days:
        return "due"
    return "overdue"
