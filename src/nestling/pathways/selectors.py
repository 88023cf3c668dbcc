"""Where a family is on its pathways: each step with its day, what is done (its day has come) and what
comes next, for the caregiver (their steps) or the practitioner (all)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.families.models import Family
from nestling.pathways.definition import Pathway, Step, pathway_library
from nestling.pathways.models import FamilyPathway


@dataclass(frozen=True)
class StepOn:
    step: Step
    on: date
    title: str
    reached: bool  # its day has come


@dataclass(frozen=True)
class PathwayPosition:
    on: FamilyPathway
    pathway: Pathway
    title: str
    steps: list[StepOn]

    @property
    def reached(self) -> list[StepOn]:
        return [s for s in self.steps if s.reached]

    @property
    def coming(self) -> list[StepOn]:
        return [s for s in self.steps if not s.reached]

    @property
    def current(self) -> StepOn | None:
        reached = self.reached
        return reached[-1] if reached else None

    @property
    def next(self) -> StepOn | None:
        coming = self.coming
        return coming[0] if coming else None


def position_of(
    on: FamilyPathway, *, language: str, caregiver_only: bool, today: date | None = None
) -> PathwayPosition | None:
    """The steps of one family pathway, dated; None when its version is no longer shipped."""
    pathway = pathway_library().get(on.pathway)
    if pathway is None:
        return None
    today = today or timezone.localdate()
    steps = [
        StepOn(
            step,
            on.anchor_on + timedelta(days=step.day),
            step.title(language),
            on.anchor_on + timedelta(days=step.day) <= today,
        )
        for step in pathway.steps
        if step.for_caregiver or not caregiver_only
    ]
    return PathwayPosition(on=on, pathway=pathway, title=pathway.title(language), steps=steps)


def pathways_open(family: Family) -> list[FamilyPathway]:
    """The pathways the family is on now (no access check: callers have checked the family)."""
    return list(FamilyPathway.objects.filter(family=family, ended_on__isnull=True).select_related("child"))


def family_pathways(
    *, family: Family, by: User, language: str
) -> tuple[list[PathwayPosition], list[FamilyPathway]]:
    """For the staff page: the positions on the open pathways, and the pathways the family left."""
    require(by, Action.FAMILY_VIEW, family)
    rows = list(FamilyPathway.objects.filter(family=family).select_related("child", "started_by"))
    positions = [
        p
        for r in rows
        if r.ended_on is None and (p := position_of(r, language=language, caregiver_only=False))
    ]
    return positions, [r for r in rows if r.ended_on is not None]
