"""Writes of training records: the person records their own, a program manager anyone's in the
organization. A certificate file is checked by content and size and kept in private storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.validation import happened_errors
from nestling.records.errors import RecordInvalid
from nestling.workforce.certificates import certificate_errors, certificate_store
from nestling.workforce.models import CompetencyArea, TrainingRecord
from nestling.workforce.permissions import may_write_as_manager, may_write_own, refuse

HOURS_MAX = Decimal(500)
TEXT_MAX = 200


@dataclass(frozen=True)
class TrainingInput:
    course: str
    provider: str
    started_on: date | None
    completed_on: date | None
    hours: Decimal | None
    competency_areas: list[str] = field(default_factory=list)
    specialized_imh: bool = False
    certificate: IO[bytes] | None = None
    certificate_name: str = ""
    certificate_size: int = 0


def _errors(given: TrainingInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in ("course", "provider"):
        value = getattr(given, name).strip()
        if not value:
            errors[name] = [_("This is needed.")]
        elif len(value) > TEXT_MAX:
            errors[name] = [_("At most %(max)d characters.") % {"max": TEXT_MAX}]
    if given.started_on is None:
        errors["started_on"] = [_("Give the day the course started.")]
    errors.update(happened_errors("started_on", given.started_on))
    errors.update(happened_errors("completed_on", given.completed_on, not_before=given.started_on))
    if given.hours is None or not Decimal(0) < given.hours <= HOURS_MAX:
        errors["hours"] = [_("Give the hours, more than 0 and at most %(max)d.") % {"max": HOURS_MAX}]
    if set(given.competency_areas) - set(CompetencyArea.values):
        errors["competency_areas"] = [_("Choose areas from the list.")]
    if given.specialized_imh and given.completed_on is None:
        errors["completed_on"] = [
            _("Specialized infant mental health training counts once it is completed: give the day it was.")
        ]
    if given.certificate is not None:
        problems = certificate_errors(given.certificate, given.certificate_size)
        if problems:
            errors["certificate"] = problems
    return errors


def training_record(
    *, by: User, person: User, given: TrainingInput, client_id: UUID | None
) -> TrainingRecord:
    """Record a course `person` took (by themselves, or by a manager of their organization); audited.
    A repeated submission with the same client id creates nothing new."""
    if not (may_write_own(by, person) or may_write_as_manager(by, person)):
        raise refuse(by, "training.record", subject_type="user", subject_id=person.uuid)
    if client_id is not None:
        again = TrainingRecord.objects.filter(
            organization_id=person.organization_id, client_id=client_id
        ).first()
        if again is not None:
            return again
    errors = _errors(given)
    if errors:
        raise RecordInvalid(errors)
    assert given.started_on is not None and given.hours is not None
    key, content_type = certificate_store(given.certificate) if given.certificate is not None else ("", "")
    try:
        with transaction.atomic():
            training = TrainingRecord.objects.create(
                organization_id=person.organization_id,
                person=person,
                client_id=client_id,
                course=given.course.strip(),
                provider=given.provider.strip(),
                started_on=given.started_on,
                completed_on=given.completed_on,
                hours=given.hours,
                competency_areas=[a for a in CompetencyArea.values if a in given.competency_areas],
                specialized_imh=given.specialized_imh,
                certificate_name=given.certificate_name[:TEXT_MAX] if key else "",
                certificate_key=key,
                certificate_type=content_type,
                created_by=by,
            )
            audit_record(
                actor=by,
                action=AuditAction.CREATE,
                category="training",
                organization_id=person.organization_id,
                subject_type="trainingrecord",
                subject_id=training.uuid,
                detail={"person": str(person.uuid), "hours": str(training.hours), "certificate": bool(key)},
            )
    except IntegrityError:
        return TrainingRecord.objects.get(organization_id=person.organization_id, client_id=client_id)
    return training
