"""Questionnaires from home: a practitioner (or a pathway step) gives a caregiver a self-report to fill in;
the caregiver's answers are kept as a draft while they answer, then sent into the screening engine's one
write path, so the result is scored and stored with its version, marked self-reported, and a safety
answer raises the urgent alert to the practitioner and their supervisor in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can, current_q, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import Caregiver, CaseloadAssignment, Family
from nestling.portal.models import AssignmentStatus, QuestionnaireAssignment
from nestling.portal.principal import CaregiverPrincipal, require_own
from nestling.records.errors import RecordInvalid
from nestling.records.writes import already_created, audit_create, insert_once
from nestling.screening.licensed_wording import instrument_wording_for
from nestling.screening.models import ResultSource, ScreeningResult
from nestling.screening.scoring import Definition, default_library
from nestling.screening.sensitivity import instrument_category
from nestling.screening.services import screening_record


def self_report_definitions(*, organization_id: int) -> list[Definition]:
    """What may be given to a caregiver to fill in about themself from home: the caregiver answers, it is
    about them, it is in no sensitive category, and its wording ships or the organization loaded it."""
    latest: dict[str, Definition] = {}
    for definition in default_library():
        if definition.respondent != "caregiver" or definition.subject != "caregiver":
            continue
        if instrument_category(definition.id):
            continue
        if definition.id not in latest or latest[definition.id].version < definition.version:
            latest[definition.id] = definition
    return sorted(
        (
            d
            for d in latest.values()
            if d.wording == "shipped"
            or instrument_wording_for(organization_id=organization_id, definition=d, language="en")
        ),
        key=lambda d: d.title.lower(),
    )


def definition_for(instrument: str) -> Definition:
    return default_library().get(instrument)


def questionnaire_assign(
    *,
    family: Family,
    caregiver: Caregiver,
    instrument: str,
    by: User,
    due_on: date | None = None,
    step_key: str = "",
    client_id: UUID | None = None,
) -> QuestionnaireAssignment:
    """Give a caregiver a questionnaire to fill in from home."""
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(QuestionnaireAssignment, family=family, client_id=client_id)
    if existing is not None:
        return existing
    errors: dict[str, list[str]] = {}
    if caregiver.family_id != family.pk:
        errors["caregiver"] = [_("Choose a caregiver of this household.")]
    allowed = {d.id for d in self_report_definitions(organization_id=family.organization_id)}
    if instrument not in allowed:
        errors["instrument"] = [_("Choose a questionnaire a caregiver can fill in from home.")]
    if due_on is not None and due_on < timezone.localdate():
        errors["due_on"] = [_("This date is in the past: choose today or a later day.")]
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        assignment, created = insert_once(
            QuestionnaireAssignment(
                organization_id=family.organization_id,
                family=family,
                caregiver=caregiver,
                instrument=instrument,
                assigned_by=by,
                due_on=due_on,
                step_key=step_key,
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            audit_create(by=by, record=assignment, family=family, detail={"instrument": instrument})
    return assignment


def _answers_checked(definition: Definition, answers: Mapping[str, str]) -> dict[str, int]:
    """The answers given, as option positions by item id; anything that is not a choice of the item is
    left out (a tampered form cannot put an impossible answer in the draft)."""
    kept: dict[str, int] = {}
    for item in definition.items:
        raw = answers.get(item.id)
        if raw is None or raw == "" or item.select != "single":
            continue
        try:
            position = int(raw)
        except (TypeError, ValueError):
            continue
        if 0 <= position < len(item.options):
            kept[item.id] = position
    return kept


def questionnaire_draft_save(
    *, principal: CaregiverPrincipal, assignment: QuestionnaireAssignment, answers: Mapping[str, str]
) -> QuestionnaireAssignment:
    """Keep the caregiver's answers so far (adding to, or changing, what was kept before)."""
    require_own(principal, assignment, action="portal.answer")
    if assignment.status != AssignmentStatus.OPEN:
        raise RecordInvalid({"": [_("This questionnaire was already sent.")]})
    definition = definition_for(assignment.instrument)
    given = _answers_checked(definition, answers)
    with transaction.atomic():
        assignment.draft = {**assignment.draft, **given}
        assignment.save(update_fields=["draft", "updated_at"])
        audit_record(
            actor=principal.user,
            action=AuditAction.CHANGE,
            category="portal",
            subject_type="questionnaireassignment",
            subject_id=assignment.uuid,
            family_uuid=principal.family.uuid,
            detail={"answered": sorted(given)},
        )
    return assignment


@dataclass(frozen=True)
class Sent:
    assignment: QuestionnaireAssignment
    result: ScreeningResult

    @property
    def safety(self) -> bool:
        return bool(self.result.flags)


def _recipient(assignment: QuestionnaireAssignment) -> User | None:
    """The practitioner the answers go to: who gave the questionnaire, while the family is on their
    caseload; else the family's current primary practitioner."""
    if can(assignment.assigned_by, Action.FAMILY_EDIT, assignment.family):
        return assignment.assigned_by
    link = (
        CaseloadAssignment.objects.filter(current_q(), family=assignment.family)
        .select_related("practitioner")
        .order_by("kind", "-starts_on")
        .first()
    )
    return link.practitioner if link is not None else None


def questionnaire_submit(
    *,
    principal: CaregiverPrincipal,
    assignment: QuestionnaireAssignment,
    answers: Mapping[str, str],
    client_id: UUID | None = None,
) -> Sent:
    """Send the questionnaire: the draft with these last answers, scored by the screening engine as a
    self-reported result. Refused, keeping every answer, while a question is unanswered."""
    assignment = questionnaire_draft_save(principal=principal, assignment=assignment, answers=answers)
    definition = definition_for(assignment.instrument)
    missing = [
        item.number for item in definition.items if not item.optional and item.id not in assignment.draft
    ]
    if missing:
        raise RecordInvalid(
            {
                "": [
                    _("Please answer every question. Not answered yet: %(items)s.")
                    % {"items": ", ".join(map(str, missing))}
                ]
            }
        )
    to = _recipient(assignment)
    if to is None:
        raise RecordInvalid(
            {"": [_("Your answers are kept, but they cannot be sent today. Please try again later.")]}
        )
    answers_in_order = [assignment.draft.get(item.id) for item in definition.items]
    with transaction.atomic():
        result = screening_record(
            family=assignment.family,
            subject=assignment.caregiver,
            instrument_id=definition.id,
            answers=answers_in_order,
            by=to,
            administered_on=timezone.localdate(),
            client_id=client_id,
            source=ResultSource.SELF_REPORT,
        )
        assignment.status = AssignmentStatus.SUBMITTED
        assignment.submitted_at = timezone.now()
        assignment.result = result
        assignment.save(update_fields=["status", "submitted_at", "result", "updated_at"])
        audit_record(
            actor=principal.user,
            action=AuditAction.CREATE,
            category="portal",
            subject_type="questionnaireassignment",
            subject_id=assignment.uuid,
            family_uuid=principal.family.uuid,
            detail={"result": str(result.uuid), "definition": result.definition, "sent_to": to.email},
        )
    return Sent(assignment=assignment, result=result)


def questionnaire_withdraw(*, assignment: QuestionnaireAssignment, by: User) -> QuestionnaireAssignment:
    """The practitioner takes back a questionnaire not yet sent."""
    require(by, Action.FAMILY_EDIT, assignment.family)
    if assignment.status != AssignmentStatus.OPEN:
        raise RecordInvalid({"": [_("Only a questionnaire not sent yet can be withdrawn.")]})
    with transaction.atomic():
        assignment.status = AssignmentStatus.WITHDRAWN
        assignment.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="portal",
            subject_type="questionnaireassignment",
            subject_id=assignment.uuid,
            family_uuid=assignment.family.uuid,
            detail={"withdrawn": True},
        )
    return assignment
