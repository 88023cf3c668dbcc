"""A simple default program schedule, stated as data for ``schedule.py``.

Caregiver: PHQ-9 at enrollment; EPDS at 2, 4 and 6 weeks postpartum for a birth mother whose child was
born while the family was in the program. Child: SWYC BPSC in the first year and a half and SWYC POSI,
PPSC and M-CHAT-R from 18 months, at the ages the SWYC forms use; the SWYC screens at corrected age.
A program with its own schedule replaces this list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nestling.screening.schedule import ScheduleRule

Who = Literal["caregiver", "birth_mother", "child"]


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
