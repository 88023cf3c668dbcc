"""The plain rows a measure reads, one kind per source, as named tuples (a program has a hundred
thousand). The Django side fills them with one query per source for a whole program (never one per
family); the engine reads nothing else."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import NamedTuple

SOURCES = ("episodes", "children", "screens", "visits", "goals", "referrals", "alerts", "caseloads", "rsc")


class EpisodeFact(NamedTuple):
    """An enrollment of a family in the program (an episode of care)."""

    id: int
    family_id: int
    enrolled_on: date
    discharged_on: date | None

    def open_on(self, day: date) -> bool:
        return self.enrolled_on <= day and (self.discharged_on is None or day <= self.discharged_on)


class ChildFact(NamedTuple):
    id: int
    family_id: int
    born_on: date | None  # None while expected
    gestation_days: int | None  # at birth, when recorded


class ScreenFact(NamedTuple):
    """A screen that counts as given (finished, not entered in error)."""

    family_id: int
    subject_kind: str  # caregiver, child, relationship
    child_id: int | None  # the child screened, for a child's screen
    instrument: str
    on: date
    positive: bool = False
    id: int = 0


class VisitFact(NamedTuple):
    id: int
    family_id: int
    on: date
    status: str  # scheduled, completed, missed, cancelled
    rescheduled: bool  # moved to another date: counted there


class GoalFact(NamedTuple):
    family_id: int
    subject_kind: str
    created_on: date


class ReferralFact(NamedTuple):
    """A referral made (sent: a draft is not one yet), with the day of its first service contact."""

    id: int
    family_id: int
    subject_kind: str  # caregiver, child, relationship
    domain: str  # the need it answers (referrals.Domain)
    service_kind: str  # referrals.ServiceKind
    referred_on: date
    contact_on: date | None  # the first service contact (the referral completed), if made
    screened_on: date | None  # the positive screen that prompted it, if one did
    category: str = ""  # its sensitive category ("" for most)


class AlertFact(NamedTuple):
    """A safety alert: raised, and answered or not (aware datetimes; `raised_on` the local day)."""

    id: int
    family_id: int
    raised_on: date
    raised_at: datetime
    responded_at: datetime | None


class CaseloadFact(NamedTuple):
    """A span during which a practitioner carried a family of the scope (distinct spans only)."""

    practitioner_id: int
    starts_on: date
    ends_on: date | None


class RscFact(NamedTuple):
    """One RS/C session a practitioner received (held, and attended)."""

    person_id: int
    held_on: date
    minutes: int


@dataclass(frozen=True)
class Facts:
    today: date
    episodes: tuple[EpisodeFact, ...] = ()
    children: tuple[ChildFact, ...] = ()
    screens: tuple[ScreenFact, ...] = ()
    visits: tuple[VisitFact, ...] = ()
    goals: tuple[GoalFact, ...] = ()
    referrals: tuple[ReferralFact, ...] = ()
    alerts: tuple[AlertFact, ...] = ()
    caseloads: tuple[CaseloadFact, ...] = ()
    rsc: tuple[RscFact, ...] = ()
    now: datetime | None = None  # when the facts were read (an alert's 24 hours may still be running)
    loaded: frozenset[str] = field(default_factory=frozenset)  # the sources read

    # Groupings several measures read, made once per set of facts.
    @cached_property
    def episodes_by_family(self) -> dict[int, list[EpisodeFact]]:
        grouped: dict[int, list[EpisodeFact]] = defaultdict(list)
        for episode in self.episodes:
            grouped[episode.family_id].append(episode)
        return grouped

    @cached_property
    def children_by_family(self) -> dict[int, list[ChildFact]]:
        grouped: dict[int, list[ChildFact]] = defaultdict(list)
        for child in self.children:
            grouped[child.family_id].append(child)
        return grouped
