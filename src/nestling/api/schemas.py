"""What the API sends and takes, resource by resource. Output schemas read model rows as they are; input
schemas carry only what the services take."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema


class FamilyOut(Schema):
    uuid: UUID
    name: str
    reference: str
    program: UUID = Field(..., alias="program.uuid")
    address_line: str
    address_locality: str
    address_region: str
    postal_code: str
    languages_at_home: str
    preferred_language: str
    interpreter_needed: bool
    contact_method: str
    contact_notes: str
    version: int


class FamilyChange(Schema):
    """The household's details to change: only those sent change, and a text is never null (send "" to
    empty it); the same holds for the people's changes below, whose dates may be null."""

    name: str = Field(default_factory=str, max_length=200)
    address_line: str = Field(default_factory=str, max_length=200)
    address_locality: str = Field(default_factory=str, max_length=100)
    address_region: str = Field(default_factory=str, max_length=100)
    postal_code: str = Field(default_factory=str, max_length=20)
    preferred_language: str = Field(default_factory=str, max_length=60)
    interpreter_needed: bool = Field(default_factory=bool)
    contact_notes: str = Field(default_factory=str, max_length=300)


class CaregiverOut(Schema):
    uuid: UUID
    given_name: str
    family_name: str
    date_of_birth: datetime.date | None
    phone: str
    email: str
    preferred_language: str
    pregnancy_due_date: datetime.date | None
    version: int


class CaregiverIn(Schema):
    given_name: str = Field(..., min_length=1, max_length=100)
    family_name: str = Field(..., min_length=1, max_length=100)
    date_of_birth: datetime.date | None = None
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    preferred_language: str = Field("", max_length=60)
    pregnancy_due_date: datetime.date | None = None
    confirm_duplicate: bool = False


class CaregiverChange(Schema):
    given_name: str = Field(default_factory=str, min_length=1, max_length=100)
    family_name: str = Field(default_factory=str, min_length=1, max_length=100)
    date_of_birth: datetime.date | None = None
    phone: str = Field(default_factory=str, max_length=40)
    email: str = Field(default_factory=str, max_length=254)
    preferred_language: str = Field(default_factory=str, max_length=60)
    pregnancy_due_date: datetime.date | None = None


class ChildOut(Schema):
    uuid: UUID
    given_name: str
    family_name: str
    date_of_birth: datetime.date | None
    due_date: datetime.date | None
    sex: str
    gestation_weeks: int | None
    gestation_days: int | None
    birth_weight_grams: int | None
    version: int


class ChildIn(Schema):
    family_name: str = Field(..., min_length=1, max_length=100)
    given_name: str = Field("", max_length=100)
    date_of_birth: datetime.date | None = None
    due_date: datetime.date | None = None
    sex: str = Field("unknown", max_length=10)
    gestation_weeks: int | None = Field(None, ge=0, le=50)
    gestation_days: int | None = Field(None, ge=0, le=6)
    birth_weight_grams: int | None = Field(None, ge=0, le=10_000)
    confirm_duplicate: bool = False


class ChildChange(Schema):
    given_name: str = Field(default_factory=str, max_length=100)
    family_name: str = Field(default_factory=str, min_length=1, max_length=100)
    date_of_birth: datetime.date | None = None
    due_date: datetime.date | None = None
    sex: str = Field(default_factory=str, max_length=10)
    gestation_weeks: int | None = Field(None, ge=0, le=50)
    gestation_days: int | None = Field(None, ge=0, le=6)
    birth_weight_grams: int | None = Field(None, ge=0, le=10_000)


class RelationshipOut(Schema):
    uuid: UUID
    caregiver: UUID = Field(..., alias="caregiver.uuid")
    child: UUID = Field(..., alias="child.uuid")
    kind: str
    is_primary: bool
    legal_custody: str
    since: datetime.date | None
    strengths: str
    concerns: str
    version: int


class EnrollmentOut(Schema):
    uuid: UUID
    program: UUID = Field(..., alias="program.uuid")
    enrolled_on: datetime.date
    referral_source: str
    service_level: str
    discharged_on: datetime.date | None
    discharge_reason: str
    version: int


class ScreeningResultOut(Schema):
    uuid: UUID
    subject: UUID = Field(..., alias="subject_id")
    instrument: str
    definition: str
    answers: list[Any]
    total: int | None
    band: str
    positive: bool | None
    flags: list[Any]
    subscales: dict[str, Any]
    administered_on: datetime.date
    respondent: str
    entered_in_error: bool
    version: int

    @staticmethod
    def resolve_entered_in_error(obj: Any) -> bool:
        return obj.entered_in_error_at is not None


class ScreeningIn(Schema):
    """Answers to be scored: for each item, the 0-based position of the chosen option (a list of positions
    for an item that takes several, null for one not answered)."""

    subject: UUID
    instrument: str = Field(..., min_length=1, max_length=40)
    answers: list[int | list[int] | None] = Field(..., max_length=200)
    administered_on: datetime.date
    context: dict[str, str] = {}
    stopped_early: bool = False


class MeasurementOut(Schema):
    uuid: UUID
    kind: str
    value: Decimal
    measured_on: datetime.date
    place: str
    note: str
    version: int


class MeasurementIn(Schema):
    kind: str = Field(..., max_length=20)
    value: Decimal = Field(..., gt=0, max_digits=7, decimal_places=3)
    measured_on: datetime.date
    place: str = Field("home_scale", max_length=20)
    note: str = Field("", max_length=2000)
    confirm_implausible: bool = False
    same_day: str = Field("", max_length=10)


class TaskOut(Schema):
    """An open task; one in a sensitive category the reader has no grant for shows its due date only."""

    uuid: UUID
    kind: str
    text: str
    due_on: datetime.date
    shown: bool

    @staticmethod
    def from_row(row: Any) -> TaskOut:
        task = row.task
        return TaskOut(
            uuid=task.uuid,
            kind=task.kind if row.shown else "",
            text=task.text if row.shown else "",
            due_on=task.due_on,
            shown=row.shown,
        )


class VisitOut(Schema):
    uuid: UUID
    visit_on: datetime.date
    starts_at: datetime.time
    duration_minutes: int
    setting: str
    status: str
    practitioner: UUID = Field(..., alias="practitioner.uuid")
    note_status: str
    version: int

    @staticmethod
    def resolve_note_status(obj: Any) -> str:
        note = getattr(obj, "note", None)
        return str(note.status) if note is not None else ""


class GoalOut(Schema):
    uuid: UUID
    subject: UUID = Field(..., alias="subject_id")
    statement: str
    progress_looks_like: str
    review_on: datetime.date
    status: str
    closed_on: datetime.date | None
    version: int


class CarePlanOut(Schema):
    uuid: UUID
    started_on: datetime.date
    review_on: datetime.date
    summary: str
    closed_on: datetime.date | None
    goals: list[GoalOut]
    version: int


class FormulationVersionOut(Schema):
    number: int
    formulated_on: datetime.date
    occasion: str


class FormulationOut(Schema):
    uuid: UUID
    child: UUID
    latest_number: int
    latest_on: datetime.date
    versions: list[FormulationVersionOut]
