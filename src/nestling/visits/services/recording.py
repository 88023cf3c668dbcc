"""Recording a visit as held: who was there, the services delivered to each of the three patients, the
care-plan goals worked on; and linking the screens and measurements done during it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families import dates
from nestling.families.models import Caregiver, Child, Enrollment, Family, Person, subject_of
from nestling.families.validation import present_errors
from nestling.growth.models import Measurement
from nestling.plans.models import Goal, GoalStatus, ServiceType
from nestling.records.errors import RecordInvalid
from nestling.records.writes import record_update
from nestling.screening.models import ScreeningResult
from nestling.visits.models import Visit, VisitService, VisitStatus
from nestling.visits.selectors import person_label
from nestling.workforce.qualification import Qualification
from nestling.workforce.qualification_words import qualification_restore, qualification_why
from nestling.workforce.selectors.qualification import qualifications

Errors = dict[str, list[str]]

RECORD_FIELDS = frozenset({"status", "others_present", "interpreter_language", "recorded_at", "recorded_by"})
OTHERS_MAX = 300
LANGUAGE_MAX = 60


def _day(on: date) -> str:
    return date_format(on, "j M Y")


def _enrollment_start(visit: Visit) -> date | None:
    """The start of the visit's episode of care, or of the family's first one."""
    if visit.enrollment is not None:
        return visit.enrollment.enrolled_on
    first = Enrollment.objects.filter(family_id=visit.family_id).order_by("enrolled_on").first()
    return first.enrolled_on if first is not None else None


def held_errors(visit: Visit, *, today: date | None = None) -> Errors:
    """Why this visit cannot be recorded as held on its date, by the date policy: not in the future, not
    before the family's enrollment (where there is one)."""
    today = today or timezone.localdate()
    problems = dates.happened(
        visit.visit_on, today=today, not_before=_enrollment_start(visit), not_before_code="before_enrollment"
    )
    messages = []
    for problem in problems:
        if problem.code == "future":
            messages.append(
                _(
                    "This visit is booked for %(on)s, a day still to come: it is recorded as held on that "
                    "day or after. If it took place today, reschedule it to today first."
                )
                % {"on": _day(visit.visit_on)}
            )
        else:
            earliest = problem.params.get("earliest")
            messages.append(
                _(
                    "This visit (on %(on)s) is before the family's enrollment (%(earliest)s): check the "
                    "enrollment date, or reschedule the visit."
                )
                % {
                    "on": _day(visit.visit_on),
                    "earliest": _day(earliest) if isinstance(earliest, date) else "",
                }
            )
    return {"": messages} if messages else {}


def qualification_refusal(service_type: ServiceType, qualification: Qualification) -> str:
    """Why a practitioner not qualified cannot record a relationship-based therapy, and what would
    change it: computed from their training and RS/C records."""
    return _(
        "Only a practitioner qualified for relationship-based therapy can record %(service)s: it needs "
        "specialized infant mental health training and current reflective supervision. %(why)s %(restore)s"
    ) % {
        "service": service_type.name.lower(),
        "why": qualification_why(qualification),
        "restore": qualification_restore(qualification),
    }


def _service_key(service_type: ServiceType) -> str:
    return f"service_{service_type.code}"


def visit_record(
    *,
    visit: Visit,
    by: User,
    version: int,
    present: Sequence[Caregiver | Child],
    others_present: str = "",
    interpreter_language: str = "",
    services: Sequence[tuple[ServiceType, Person]] = (),
    goals: Sequence[Goal] = (),
) -> Visit:
    """Record a scheduled visit as held, or correct the record of a held one: who was there (the family's
    caregivers and children, others by role, an interpreter's language), each service delivered and the
    patient it was for (a caregiver, a child or a relationship), and the care-plan goals worked on.

    Refused (RecordInvalid, by field; nothing saved): a visit missed or cancelled; a date in the future or
    before the family's enrollment; a child present who was not born yet; nobody present; a
    relationship-based therapy newly recorded by someone not qualified for it; anything not of
    this family. A stale version raises StaleEdit.
    """
    family = visit.family
    require(by, Action.FAMILY_EDIT, family)
    if visit.status not in (VisitStatus.SCHEDULED, VisitStatus.COMPLETED):
        raise RecordInvalid(
            {
                "": [
                    _(
                        "This visit is %(status)s: only a visit that took place is recorded. Schedule a new "
                        "one."
                    )
                    % {"status": visit.get_status_display().lower()}
                ]
            }
        )
    others_present = others_present.strip()
    interpreter_language = interpreter_language.strip()
    errors = held_errors(visit)
    errors.update(_people_errors(visit, family, present, others_present, interpreter_language))
    already = set(VisitService.objects.filter(visit=visit).values_list("service_type_id", "subject_id"))
    errors.update(_service_errors(family, by, services, already))
    errors.update(_goal_errors(family, visit, goals))
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        updated, _before = record_update(
            visit,
            by=by,
            version=version,
            changes={
                "status": VisitStatus.COMPLETED,
                "others_present": others_present,
                "interpreter_language": interpreter_language,
                "recorded_at": timezone.now(),
                "recorded_by": by,
            },
            allowed=RECORD_FIELDS,
            family=family,
            detail={
                "present": [str(p.uuid) for p in present],
                "services": [f"{st.code}:{p.uuid}" for st, p in services],
                "goals": [str(g.uuid) for g in goals],
            },
        )
        updated.present.set([subject_of(person) for person in present])
        updated.goals.set(goals)
        wanted = {}
        for service_type, person in services:
            subject = subject_of(person)
            wanted[(service_type.pk, subject.pk)] = (service_type, subject)
        VisitService.objects.filter(visit=updated).exclude(
            pk__in=[
                row.pk
                for row in VisitService.objects.filter(visit=updated)
                if (row.service_type_id, row.subject_id) in wanted
            ]
        ).delete()
        VisitService.objects.bulk_create(
            [
                VisitService(
                    organization_id=family.organization_id,
                    visit=updated,
                    service_type=service_type,
                    subject=subject,
                    delivered_by=by,
                )
                for key, (service_type, subject) in wanted.items()
                if key not in already
            ]
        )
    return updated


def _people_errors(
    visit: Visit,
    family: Family,
    present: Sequence[Caregiver | Child],
    others_present: str,
    interpreter_language: str,
) -> Errors:
    errors: Errors = {}
    for person in present:
        if person.family_id != family.pk:
            errors.setdefault("present", []).append(_("Choose people of this household."))
        elif isinstance(person, Child):
            for field, messages in present_errors(
                "present", visit.visit_on, born=person.date_of_birth, whom=person_label(person)
            ).items():
                errors.setdefault(field, []).extend(messages)
    if not present and not others_present:
        errors.setdefault("present", []).append(
            _("Say who was there: tick the family members present, or name the others by role.")
        )
    if len(others_present) > OTHERS_MAX:
        errors["others_present"] = [_("At most %(max)d characters.") % {"max": OTHERS_MAX}]
    if len(interpreter_language) > LANGUAGE_MAX:
        errors["interpreter_language"] = [_("At most %(max)d characters.") % {"max": LANGUAGE_MAX}]
    return errors


def _service_errors(
    family: Family,
    by: User,
    services: Sequence[tuple[ServiceType, Person]],
    already: set[tuple[int, UUID]],
) -> Errors:
    errors: Errors = {}
    qualification: Qualification | None = None
    for service_type, person in services:
        key = _service_key(service_type)
        if service_type.organization_id not in (None, family.organization_id) or not service_type.active:
            errors.setdefault(key, []).append(_("This service is not one your organization records."))
            continue
        if person.family_id != family.pk:
            errors.setdefault(key, []).append(_("Choose a patient of this household."))
            continue
        if service_type.relationship_therapy and (service_type.pk, person.uuid) not in already:
            if qualification is None:
                qualification = qualifications(people=[by])[by.pk]
            refusal = qualification_refusal(service_type, qualification)
            if not qualification.qualified and refusal not in errors.get(key, []):
                errors.setdefault(key, []).append(refusal)
    return errors


def _goal_errors(family: Family, visit: Visit, goals: Sequence[Goal]) -> Errors:
    linked = set(visit.goals.values_list("pk", flat=True)) if goals else set()
    for goal in goals:
        if goal.family_id != family.pk:
            return {"goals": [_("Choose goals of this family's care plan.")]}
        if goal.status != GoalStatus.ACTIVE and goal.pk not in linked:
            return {"goals": [_("“%(goal)s” is no longer being worked on.") % {"goal": goal.statement}]}
    return {}


def _visit_to_link(*, visit_uuid: UUID, family: Family, on: date, field: str, what: str) -> Visit:
    """The visit a screen or measurement is linked to: this family's, held or about to be, and on the
    day it was done."""
    visit = Visit.objects.filter(uuid=visit_uuid, family=family).first()
    if visit is None:
        raise RecordInvalid({"": [_("That visit is not one of this family's: nothing was saved.")]})
    if visit.status not in (VisitStatus.SCHEDULED, VisitStatus.COMPLETED):
        raise RecordInvalid(
            {
                "": [
                    _("That visit is %(status)s: nothing done during it can be linked to it.")
                    % {"status": visit.get_status_display().lower()}
                ]
            }
        )
    if on != visit.visit_on:
        raise RecordInvalid(
            {
                field: [
                    _("%(what)s during the visit is dated the day of the visit (%(on)s).")
                    % {"what": what, "on": _day(visit.visit_on)}
                ]
            }
        )
    return visit


def _audit_link(*, by: User, visit: Visit, family: Family, linked: str) -> None:
    audit_record(
        actor=by,
        action=AuditAction.CHANGE,
        category="visit",
        organization_id=family.organization_id,
        subject_type="visit",
        subject_id=visit.uuid,
        family_uuid=family.uuid,
        detail={"linked": linked},
    )


def visit_link_screening(*, visit_uuid: UUID, result: ScreeningResult, by: User) -> Visit:
    """Link a screen given during a visit to it: the same family's visit, on the day it was given.
    Call it in the screen's own transaction, so that a refusal keeps neither."""
    family = result.family
    require(by, Action.FAMILY_EDIT, family)
    visit = _visit_to_link(
        visit_uuid=visit_uuid,
        family=family,
        on=result.administered_on,
        field="administered_on",
        what=_("A screen given"),
    )
    visit.screenings.add(result)
    _audit_link(by=by, visit=visit, family=family, linked=f"screeningresult:{result.uuid}")
    return visit


def visit_link_measurement(*, visit_uuid: UUID, measurement: Measurement, by: User) -> Visit:
    """Link a measurement taken during a visit to it: the same family's visit, on the day it was taken.
    Call it in the measurement's own transaction, so that a refusal keeps neither."""
    family = measurement.child.family
    require(by, Action.FAMILY_EDIT, family)
    visit = _visit_to_link(
        visit_uuid=visit_uuid,
        family=family,
        on=measurement.measured_on,
        field="measured_on",
        what=_("A measurement taken"),
    )
    visit.measurements.add(measurement)
    _audit_link(by=by, visit=visit, family=family, linked=f"measurement:{measurement.uuid}")
    return visit
