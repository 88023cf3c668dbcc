"""The plain rows a measure reads, one kind per source, as named tuples (a program has a hundred
thousand). The Django side fills them with one query per source for a whole program (never one per
family); the engine reads nothing else."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple

SOURCES = ("episodes", "children", "screens", "visits", "goals")


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


@dataclass(frozen=True)
class Facts:
    today: date
    episodes: tuple[EpisodeFact, ...] = ()
    children: tuple[ChildFact, ...] = ()
    screens: tuple[ScreenFact, ...] = ()
    visits: tuple[VisitFact, ...] = ()
    goals: tuple[GoalFact, ...] = ()
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
