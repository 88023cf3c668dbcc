"""A program's screening schedule as data for ``schedule.py``, and Nestling's default one.

Default — caregiver: PHQ-9 at enrollment; EPDS at 2, 4 and 6 weeks postpartum for a birth mother whose
child was born while the family was in the program. Child: SWYC BPSC in the first year and a half and SWYC
POSI, PPSC and M-CHAT-R from 18 months, at the ages the SWYC forms use; the SWYC screens at corrected age.
A program that saves its own schedule (stored as rows of plain values, checked by ``schedule_errors``)
replaces this list. Pure Python: no Django import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from nestling.screening.schedule import AGE_BASES, ANCHORS, UNITS, ScheduleError, ScheduleRule
from nestling.screening.scoring import Library, UnknownInstrument

Who = Literal["caregiver", "birth_mother", "child"]
WHO: tuple[str, ...] = ("caregiver", "birth_mother", "child")
# The anchors that make sense for each kind of person.
WHO_ANCHORS: dict[str, tuple[str, ...]] = {
    "caregiver": ("enrollment",),
    "birth_mother": ("enrollment", "delivery"),
    "child": ("birth", "enrollment"),
}
ROW_FIELDS: tuple[str, ...] = (
    "instrument",
    "who",
    "anchor",
    "offset",
    "unit",
    "window_before_days",
    "window_after_days",
    "age_basis",
    "stale_after_days",
)
_DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class ScheduledScreen:
    instrument: str
    who: Who
    rule: ScheduleRule
    # A screen shown as overdue stops being shown this long after its window closed.
    stale_after_days: int = 90


def _postpartum(weeks: int) -> ScheduledScreen:
    return ScheduledScreen(
        "epds",
        "birth_mother",
        ScheduleRule(
            anchor="delivery", offset=weeks, unit="weeks", window_before_days=3, window_after_days=10
        ),
        stale_after_days=14,
    )


def _child(instrument: str, months: int, corrected: bool) -> ScheduledScreen:
    return ScheduledScreen(
        instrument,
        "child",
        ScheduleRule(
            anchor="birth",
            offset=months,
            unit="months",
            window_before_days=14,
            window_after_days=30,
            age_basis="corrected" if corrected else "chronological",
        ),
    )


DEFAULT_SCHEDULE: tuple[ScheduledScreen, ...] = (
    ScheduledScreen("phq-9", "caregiver", ScheduleRule(anchor="enrollment", window_after_days=30)),
    _postpartum(2),
    _postpartum(4),
    _postpartum(6),
    *(_child("swyc-bpsc", m, corrected=True) for m in (2, 4, 6, 9, 12, 15)),
    *(_child("swyc-posi", m, corrected=True) for m in (18, 24, 30)),
    *(_child("swyc-ppsc", m, corrected=True) for m in (18, 24, 30, 36, 48, 60)),
    *(_child("mchat-r", m, corrected=False) for m in (18, 24)),
)


def screen_to_row(screen: ScheduledScreen) -> dict[str, Any]:
    """One scheduled screen as the plain values a program's stored schedule keeps."""
    rule = screen.rule
    return {
        "instrument": screen.instrument,
        "who": screen.who,
        "anchor": rule.anchor,
        "offset": rule.offset,
        "unit": rule.unit,
        "window_before_days": rule.window_before_days,
        "window_after_days": rule.window_after_days,
        "age_basis": rule.age_basis,
        "stale_after_days": screen.stale_after_days,
    }


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def row_errors(row: Mapping[str, Any], library: Library) -> list[str]:
    """Every problem with one row, in words a program manager can act on."""
    errors: list[str] = []
    unknown = sorted(set(row) - set(ROW_FIELDS))
    missing = [name for name in ROW_FIELDS if name not in row]
    if unknown:
        errors.append(f"unknown fields: {', '.join(unknown)}")
    if missing:
        errors.append(f"missing fields: {', '.join(missing)}")
    if errors:
        return errors
    definition = None
    try:
        definition = library.get(str(row["instrument"]))
    except UnknownInstrument:
        errors.append(f"{row['instrument']!r} is not an instrument in the library")
    who, anchor = row["who"], row["anchor"]
    if who not in WHO:
        errors.append(f"who must be one of {', '.join(WHO)}")
    elif anchor in ANCHORS and anchor not in WHO_ANCHORS[who]:
        person = {"caregiver": "every caregiver", "birth_mother": "a birth mother", "child": "a child"}[who]
        errors.append(f"a screen for {person} counts from {' or '.join(WHO_ANCHORS[who])}")
    if definition is not None and who in WHO:
        wanted = "child" if who == "child" else "caregiver"
        if definition.subject != wanted:
            errors.append(f"{definition.title} is about a {definition.subject}, not a {wanted}")
    if not _whole(row["stale_after_days"]):
        errors.append("stale_after_days must be a whole number of 0 or more")
    if anchor not in ANCHORS or row["unit"] not in UNITS or row["age_basis"] not in AGE_BASES:
        errors.extend(
            message
            for ok, message in (
                (anchor in ANCHORS, f"anchor must be one of {', '.join(ANCHORS)}"),
                (row["unit"] in UNITS, f"unit must be one of {', '.join(UNITS)}"),
                (row["age_basis"] in AGE_BASES, f"age_basis must be one of {', '.join(AGE_BASES)}"),
            )
            if not ok
        )
        return errors
    try:
        rule = ScheduleRule(**{name: row[name] for name in ROW_FIELDS[2:8]})
    except (ScheduleError, TypeError) as refused:
        errors.extend(str(refused).split("; "))
        return errors
    # A child screen set at an age the instrument is not for would never be offered on the day.
    if definition is not None and definition.age_range is not None and rule.anchor == "birth":
        if rule.unit == "months":
            months = rule.offset
        else:
            days = rule.offset * (7 if rule.unit == "weeks" else 1)
            months = int(days / _DAYS_PER_MONTH)
        low, high = definition.age_range.min_months, definition.age_range.max_months
        if not low <= months <= high:
            errors.append(f"{definition.title} is for children aged {low} to {high} months, not {months}")
    return errors


def schedule_errors(rows: Sequence[Mapping[str, Any]], library: Library) -> list[str]:
    """Every problem with a schedule, each prefixed by its row number (from 1)."""
    errors = [f"row {n}: {message}" for n, row in enumerate(rows, 1) for message in row_errors(row, library)]
    seen: dict[tuple[Any, ...], int] = {}
    for n, row in enumerate(rows, 1):
        key = tuple(row.get(name) for name in ROW_FIELDS[:5])
        if key in seen:
            errors.append(f"row {n}: the same screen as row {seen[key]}")
        seen.setdefault(key, n)
    return errors


def schedule_from_rows(rows: Sequence[Mapping[str, Any]]) -> tuple[ScheduledScreen, ...]:
    """Rows already checked by ``schedule_errors`` as scheduled screens."""
    return tuple(
        ScheduledScreen(
            instrument=str(row["instrument"]),
            who=cast(Who, row["who"]),
            rule=ScheduleRule(**{name: row[name] for name in ROW_FIELDS[2:8]}),
            stale_after_days=int(row["stale_after_days"]),
        )
        for row in rows
    )
