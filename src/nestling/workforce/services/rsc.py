"""Writes of the RS/C log: a supervisor or consultant logs a session held or schedules one, later records
it held (who came, the notes) or cancels it with a reason. Each write is audited; a session's notes are
written in its audit row only as "changed", never their text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import roles_of, visible_families
from nestling.accounts.models import Role, User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import Family
from nestling.families.validation import booked_errors, happened_errors
from nestling.records.errors import AlreadyClosed, RecordInvalid, StaleEdit
from nestling.workforce.models import RscKind, RscParticipant, RscSession, RscStatus
from nestling.workforce.permissions import CLINICAL_ROLES, refuse

Errors = dict[str, list[str]]
MINUTES_MIN, MINUTES_MAX = 15, 480
NOTES_MAX = 20_000
REASON_MAX = 300


@dataclass(frozen=True)
class SessionInput:
    kind: str
    held_on: date | None
    duration_minutes: int | None
    supervisees: list[User]
    families: list[Family]
    held: bool  # logged as held (with `attended`, `notes`) rather than scheduled
    attended: list[User]
    notes: str = ""


def _require_leader(by: User) -> None:
    if Role.SUPERVISOR not in roles_of(by):
        raise refuse(by, "rsc.log", subject_type="rscsession", subject_id="")


def _errors(by: User, given: SessionInput) -> Errors:
    errors: Errors = {}
    if given.kind not in RscKind.values:
        errors["kind"] = [_("Say whether it is an individual or a group session.")]
    if given.held_on is None:
        errors["held_on"] = [_("Give the date.")]
    elif given.held:
        errors.update(happened_errors("held_on", given.held_on))
    else:
        errors.update(booked_errors("held_on", given.held_on))
    if given.duration_minutes is None or not MINUTES_MIN <= given.duration_minutes <= MINUTES_MAX:
        errors["duration_minutes"] = [
            _("Give the length in minutes, from %(min)d to %(max)d.")
            % {"min": MINUTES_MIN, "max": MINUTES_MAX}
        ]
    people = given.supervisees
    if not people:
        errors["supervisees"] = [_("Choose who the session is for.")]
    elif given.kind == RscKind.INDIVIDUAL and len(people) != 1:
        errors["supervisees"] = [_("An individual session is for one person; choose group for more.")]
    for person in people:
        if person.organization_id != by.organization_id or not person.is_active or person.pk == by.pk:
            errors["supervisees"] = [_("Choose active colleagues of your organization, not yourself.")]
        elif not roles_of(person) & CLINICAL_ROLES:
            errors["supervisees"] = [
                _("RS/C is for the people who see families: practitioners and supervisors.")
            ]
    if given.held and not set(p.pk for p in given.attended) <= set(p.pk for p in people):
        errors["attended"] = [_("Only the people the session was for can be marked as there.")]
    if given.families:
        seen = set(
            visible_families(by).filter(pk__in=[f.pk for f in given.families]).values_list("pk", flat=True)
        )
        if any(family.pk not in seen for family in given.families):
            errors["families"] = [_("Choose families you serve or supervise.")]
    if len(given.notes) > NOTES_MAX:
        errors["notes"] = [_("At most %(max)d characters.") % {"max": NOTES_MAX}]
    return errors


def _audit(by: User, session: RscSession, action: str, detail: dict[str, object]) -> None:
    audit_record(
        actor=by,
        action=action,
        category="rsc",
        organization_id=session.organization_id,
        subject_type="rscsession",
        subject_id=session.uuid,
        detail=detail,
    )


def rsc_session_log(*, by: User, given: SessionInput, client_id: UUID | None) -> RscSession:
    """Log a session led by `by` (a reflective supervisor or consultant): held, with who came and the
    reflection notes, or scheduled. A repeated submission with the same client id creates nothing new."""
    _require_leader(by)
    if client_id is not None:
        again = RscSession.objects.filter(organization_id=by.organization_id, client_id=client_id).first()
        if again is not None:
            return again
    errors = _errors(by, given)
    if errors:
        raise RecordInvalid(errors)
    assert given.held_on is not None and given.duration_minutes is not None
    attended = {p.pk for p in given.attended}
    try:
        with transaction.atomic():
            session = RscSession.objects.create(
                organization_id=by.organization_id,
                client_id=client_id,
                leader=by,
                kind=given.kind,
                status=RscStatus.HELD if given.held else RscStatus.SCHEDULED,
                held_on=given.held_on,
                duration_minutes=given.duration_minutes,
                notes=given.notes.strip() if given.held else "",
                created_by=by,
            )
            RscParticipant.objects.bulk_create(
                RscParticipant(
                    organization_id=session.organization_id,
                    session=session,
                    person=p,
                    attended=given.held and p.pk in attended,
                )
                for p in given.supervisees
            )
            session.families.set(given.families)
            _audit(
                by,
                session,
                AuditAction.CREATE,
                {
                    "status": session.status,
                    "supervisees": [str(p.uuid) for p in given.supervisees],
                    "families": [str(f.uuid) for f in given.families],
                    "notes_written": bool(session.notes),
                },
            )
    except IntegrityError:
        return RscSession.objects.get(organization_id=by.organization_id, client_id=client_id)
    return session


def _open_session(by: User, session: RscSession, version: int) -> RscSession:
    if session.leader_id != by.pk:
        raise refuse(by, "rsc.change", subject_type="rscsession", subject_id=session.uuid)
    current = RscSession.objects.select_for_update().get(pk=session.pk)
    if current.version != version:
        raise StaleEdit(current_version=current.version, changes=[])
    if current.status != RscStatus.SCHEDULED:
        status = current.get_status_display().lower()
        raise AlreadyClosed(
            {"": [_("This session was already recorded as %(status)s.") % {"status": status}]}
        )
    return current


def rsc_session_hold(
    *, by: User, session: RscSession, version: int, attended: list[User], notes: str
) -> RscSession:
    """Record a scheduled session as held: who came and the reflection notes. Its leader only."""
    people = {p.person_id for p in session.participants.all()}
    errors: Errors = {}
    if session.held_on > timezone.localdate():
        errors[""] = [_("This session is not due yet: record it as held on the day or after.")]
    if not {p.pk for p in attended} <= people:
        errors["attended"] = [_("Only the people the session was for can be marked as there.")]
    if len(notes) > NOTES_MAX:
        errors["notes"] = [_("At most %(max)d characters.") % {"max": NOTES_MAX}]
    with transaction.atomic():
        current = _open_session(by, session, version)
        if errors:
            raise RecordInvalid(errors)
        current.status = RscStatus.HELD
        current.notes = notes.strip()
        current.version += 1
        current.save(update_fields=["status", "notes", "version", "updated_at"])
        RscParticipant.objects.filter(session=current).update(attended=False)
        RscParticipant.objects.filter(session=current, person__in=attended).update(attended=True)
        _audit(
            by,
            current,
            AuditAction.CHANGE,
            {
                "status": "held",
                "attended": [str(p.uuid) for p in attended],
                "notes_written": bool(current.notes),
            },
        )
    return current


def rsc_session_cancel(*, by: User, session: RscSession, version: int, reason: str) -> RscSession:
    """Cancel a scheduled session, saying why. Its leader only; the supervisees count it as missed."""
    reason = reason.strip()
    with transaction.atomic():
        current = _open_session(by, session, version)
        if not reason:
            raise RecordInvalid({"reason": [_("Say why it was cancelled.")]})
        if len(reason) > REASON_MAX:
            raise RecordInvalid({"reason": [_("At most %(max)d characters.") % {"max": REASON_MAX}]})
        current.status = RscStatus.CANCELLED
        current.cancel_reason = reason
        current.version += 1
        current.save(update_fields=["status", "cancel_reason", "version", "updated_at"])
        _audit(by, current, AuditAction.CHANGE, {"status": "cancelled", "reason": reason})
    return current
