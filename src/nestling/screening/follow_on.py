"""Screens whose result asks for a second one: the M-CHAT-R's moderate band asks for its Follow-Up
interview, which is asked only about the items the M-CHAT-R found at risk; the others count as pass
(Robins et al. 2014). The pairing is workflow, not scoring, so it lives here rather than in a definition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from nestling.screening.models import ScreeningResult
from nestling.screening.scoring import UnknownInstrument, default_library, score


@dataclass(frozen=True)
class FollowOn:
    instrument: str  # what to give next
    bands: tuple[str, ...]  # the first screen's bands that ask for it
    within_days: int  # how long after the first screen the second still pairs with it


FOLLOW_ON: dict[str, FollowOn] = {
    "mchat-r": FollowOn(instrument="mchat-r-follow-up", bands=("moderate",), within_days=60),
}


def is_follow_on(instrument: str) -> bool:
    """Whether some other screen asks for this one (so it may pair with an earlier result)."""
    return any(rule.instrument == instrument for rule in FOLLOW_ON.values())


def follow_on_of(result: ScreeningResult) -> str | None:
    """The instrument this result asks to be given next, or None."""
    rule = FOLLOW_ON.get(result.instrument)
    if rule is None or result.band not in rule.bands:
        return None
    return rule.instrument


def at_risk_numbers(result: ScreeningResult) -> tuple[int, ...]:
    """Numbers of the items that scored on this result (for the M-CHAT-R: the answers at risk)."""
    try:
        definition = default_library().get(result.definition)
    except UnknownInstrument:
        return ()
    answers = [tuple(a) if isinstance(a, list) else a for a in result.answers]
    scored = score(definition, answers, result.context).item_scores
    return tuple(item.number for item, s in zip(definition.items, scored, strict=True) if s)


def source_for(instrument: str, results: Sequence[ScreeningResult], on: date) -> ScreeningResult | None:
    """The screen that asked for `instrument`, among one person's results (newest first): the latest
    result in a band asking for it, given in the window before `on`, and not yet followed by one."""
    for result in results:
        if result.is_entered_in_error:
            continue
        if result.instrument == instrument:
            return None  # the latest request was already answered
        rule = FOLLOW_ON.get(result.instrument)
        if rule is None or rule.instrument != instrument:
            continue
        if result.administered_on < on - timedelta(days=rule.within_days):
            return None
        return result if result.band in rule.bands else None
    return None
