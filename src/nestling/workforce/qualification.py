"""Whether a practitioner may deliver relationship-based therapy, computed from their records: specialized
infant mental health training completed, and reflective supervision/consultation received recently.
Plain Python, no Django: the records are read elsewhere and handed in as dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class QualificationFacts:
    """What the records say: the latest specialized IMH training completed, the latest RS/C session
    received, and a manager's override with the last day it is in force."""

    training_completed_on: date | None
    last_rsc_on: date | None
    override_until: date | None = None


@dataclass(frozen=True)
class Qualification:
    qualified: bool
    has_training: bool
    rsc_recent: bool
    last_rsc_on: date | None
    # The last day the RS/C received keeps it current; after it, qualification lapses.
    rsc_current_until: date | None
    override_until: date | None
    window_days: int

    @property
    def by_override(self) -> bool:
        """Qualified only because a manager said so."""
        return self.qualified and not (self.has_training and self.rsc_recent)

    @property
    def lapsed(self) -> bool:
        """It was held once (trained, RS/C received) and the RS/C is no longer recent."""
        return not self.qualified and self.has_training and self.last_rsc_on is not None


def qualification_of(facts: QualificationFacts, *, on: date, window_days: int) -> Qualification:
    """The qualification on day `on`, RS/C counting as recent within `window_days` days."""
    current_until = facts.last_rsc_on + timedelta(days=window_days) if facts.last_rsc_on else None
    has_training = facts.training_completed_on is not None and facts.training_completed_on <= on
    rsc_recent = current_until is not None and facts.last_rsc_on is not None and facts.last_rsc_on <= on
    rsc_recent = rsc_recent and current_until is not None and on <= current_until
    override = facts.override_until is not None and on <= facts.override_until
    return Qualification(
        qualified=(has_training and rsc_recent) or override,
        has_training=has_training,
        rsc_recent=rsc_recent,
        last_rsc_on=facts.last_rsc_on,
        rsc_current_until=current_until,
        override_until=facts.override_until if override else None,
        window_days=window_days,
    )
