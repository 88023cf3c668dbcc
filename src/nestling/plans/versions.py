"""Earlier versions of a care plan and its goals, read from the history table (`records.history`): for each
saved change, who made it and when, and what each changed field said before and after.

Values the history keeps as ids (whom a goal is for, who is responsible, what motivated it) are named; a
motivation in a sensitive category the reader has no grant for is said to be left out, as on every page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import shown_to
from nestling.accounts.models import User
from nestling.families.models import Family, RelationshipObservation, RiskFactor
from nestling.plans.models import CarePlan, Goal
from nestling.plans.words import hidden_words, motivation_words, patient_name
from nestling.records.history import display_value, field_label, history_rows
from nestling.records.models import RecordChange
from nestling.screening.models import ScreeningResult


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Version:
    """One saved change: the version it made, when, by whom, and what it changed."""

    version: int
    at: datetime
    by: str
    changes: list[FieldChange]


@dataclass(frozen=True)
class RecordVersions:
    """A plan's or a goal's saved changes, the newest first."""

    record: CarePlan | Goal
    title: str
    versions: list[Version]


def _ids_wanted(rows: Sequence[RecordChange], names: Sequence[str]) -> set[str]:
    wanted: set[str] = set()
    for row in rows:
        for side in (row.before, row.after):
            wanted |= {str(side[name]) for name in names if side.get(name)}
    return wanted


def _names(
    rows: Sequence[RecordChange], *, family: Family, people: Mapping[str, Any], categories: frozenset[str]
) -> dict[str, str]:
    """What each id in these rows stands for (a query per kind of id that appears: at most four)."""
    names = {uuid: patient_name(person) for uuid, person in people.items()}
    staff = _ids_wanted(rows, ["responsible"])
    if staff:
        names |= {str(u.uuid): u.display_name for u in User.objects.filter(uuid__in=staff)}
    motivations: list[ScreeningResult | RiskFactor | RelationshipObservation] = []
    wanted = _ids_wanted(rows, ["from_result"])
    if wanted:
        motivations += ScreeningResult.objects.filter(family=family, uuid__in=wanted)
    wanted = _ids_wanted(rows, ["from_factor"])
    if wanted:
        motivations += RiskFactor.objects.filter(family=family, uuid__in=wanted)
    wanted = _ids_wanted(rows, ["from_observation"])
    if wanted:
        motivations += RelationshipObservation.objects.filter(relationship__family=family, uuid__in=wanted)
    for record in motivations:
        names[str(record.uuid)] = motivation_words(record) if shown_to(record, categories) else hidden_words()
    return names


def _text(field: models.Field[Any, Any] | None, value: Any, names: Mapping[str, str]) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(field, models.ForeignKey):
        return names.get(str(value), "—")
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date_format(date.fromisoformat(value), "j M Y")
        except ValueError:
            return value
    return display_value(field, value)


def _versions(
    record: CarePlan | Goal, rows: Sequence[RecordChange], names: Mapping[str, str]
) -> list[Version]:
    model = type(record)
    versions = []
    for row in rows:
        changes: list[FieldChange] = []
        for name in row.after:
            field, label = field_label(model, name)
            changes.append(
                FieldChange(
                    label, _text(field, row.before.get(name), names), _text(field, row.after[name], names)
                )
            )
        versions.append(Version(row.version, row.changed_at, row.changed_by_label, changes))
    return sorted(versions, key=lambda v: v.version, reverse=True)


def versions_of(
    records: Sequence[CarePlan | Goal],
    *,
    family: Family,
    people: Mapping[str, Any],
    categories: frozenset[str],
) -> list[RecordVersions]:
    """The saved changes of these records (those changed at least once), in the order given: one query
    for the history, and one for each kind of id it names."""
    by_record: dict[UUID, list[RecordChange]] = history_rows(records)
    every = [row for rows in by_record.values() for row in rows]
    names = _names(every, family=family, people=people, categories=categories)
    return [
        RecordVersions(record, _title(record), _versions(record, by_record[record.uuid], names))
        for record in records
        if by_record.get(record.uuid)
    ]


def _title(record: CarePlan | Goal) -> str:
    if isinstance(record, Goal):
        return _("%(name)s: %(goal)s") % {
            "name": patient_name(record.subject.person),
            "goal": record.statement,
        }
    return _("The plan itself")
