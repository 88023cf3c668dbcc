"""The plain rows a measure reads, one kind per source. The Django side fills them with one query per
source for a whole program (never one per family); the engine reads nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SOURCES = ("episodes", "children", "screens", "visits", "goals")


@dataclass(frozen=True)
class EpisodeFact:
    """An enrollment of a family in the program (an episode of care)."""

    id: int
    family_id: int
    enrolled_on: date
    discharged_on: date | None

    def open_on(self, day: date) -> bool:
        return self.enrolled_on <= day and (self.discharged_on is None or day <= self.discharged_on)


@dataclass(frozen=True)
class ChildFact:
    id: int
    family_id: int
    born_on: date | None  # None while expected
    gestation_days: int | None  # at birth, when recorded


@dataclass(frozen=True)
class ScreenFact:
    """A screen that counts as given (finished, not entered in error)."""

    family_id: int
    subject_kind: str  # caregiver, child, relationship
    child_id: int | None  # the child screened, for a child's screen
    instrument: str
    on: date


@dataclass(frozen=True)
class VisitFact:
    id: int
    family_id: int
    on: date
    status: str  # scheduled, completed, missed, cancelled
    rescheduled: bool  # moved to another date: counted there


@dataclass(frozen=True)
class GoalFact:
    family_id: int
    subject_kind: str
    created_on: date


@dataclass(frozen=True)
class Facts:
    today: date
    episodes: tuple[EpisodeFact, ...] = ()
    children: tuple[ChildFact, ...] = ()
    screens: tuple[ScreenFact, ...] = ()
    visits: tuple[VisitFact, ...] = ()
    goals: tuple[GoalFact, ...] = ()
    loaded: frozenset[str] = field(default_factory=frozenset)  # the sources read
