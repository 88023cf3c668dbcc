"""A program's parents' and parent–baby groups: a session, and each family's attendance at it (who of
them came, and the practitioner's note about that family). A family's attendance is a record of that
family: it is written by whoever carries the family, and it names no other family."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require, roles_of
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import Caregiver, Child, Family, subject_of
from nestling.families.validation import booked_errors, present_errors
from nestling.organizations.models import Program
from nestling.records.errors import RecordInvalid
from nestling.records.writes import already_created, audit_create, insert_once, record_update
from nestling.visits.models import GroupAttendance, GroupKind, GroupSession
from nestling.visits.selectors import FACILITATING, person_label
from nestling.visits.services.notes import length_errors
from nestling.visits.services.scheduling import PLACE_MAX, duration_errors

Errors = dict[str, list[str]]

TOPIC_MAX = 200
FACILITATING_ROLES = frozenset(FACILITATING)


def _session_errors(
    *,
    program: Program,
    kind: str,
    topic: str,
    held_on: date | None,
    starts_at: time | None,
    duration_minutes: int | None,
    place: str,
    facilitators: Sequence[User],
) -> Errors:
    errors: Errors = {}
    if kind not in GroupKind.values:
        errors["kind"] = [_("Choose the kind of group.")]
    if not topic:
        errors["topic"] = [_("Give the session's topic.")]
    elif len(topic) > TOPIC_MAX:
        errors["topic"] = [_("At most %(max)d characters.") % {"max": TOPIC_MAX}]
    if held_on is None:
        errors["held_on"] = [_("Enter the date of the session.")]
    errors.update(booked_errors("held_on", held_on))
    if starts_at is None:
        errors["starts_at"] = [_("Enter the time it starts.")]
    errors.update(duration_errors("duration_minutes", duration_minutes, what="group"))
    if not place:
        errors["place"] = [_("Say where the group meets.")]
    elif len(place) > PLACE_MAX:
        errors["place"] = [_("At most %(max)d characters.") % {"max": PLACE_MAX}]
    if not facilitators:
        errors["facilitators"] = [_("Choose who facilitates the session.")]
    for person in facilitators:
        if (
            person.organization_id != program.organization_id
            or not person.is_active
            or not roles_of(person) & FACILITATING_ROLES
        ):
            errors.setdefault("facilitators", []).append(
                _("%(name)s cannot facilitate: choose staff of your organization who work with families.")
                % {"name": person.display_name}
            )
    return errors


def group_session_create(
    *,
    program: Program,
    by: User,
    kind: str,
    topic: str,
    held_on: date,
    starts_at: time,
    duration_minutes: int,
    place: str,
    facilitators: Sequence[User],
    client_id: UUID | None = None,
) -> GroupSession:
    """Add a session of one of the program's groups: for its manager and the practitioners carrying its
    families. A repeated submission (same client id) returns the session the first one made."""
    require(by, Action.PROGRAM_GROUPS, program)
    existing = already_created(GroupSession, family=program, client_id=client_id)
    if existing is not None:
        return existing
    topic, place = topic.strip(), place.strip()
    errors = _session_errors(
        program=program,
        kind=kind,
        topic=topic,
        held_on=held_on,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        facilitators=facilitators,
    )
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        session, created = insert_once(
            GroupSession(
                organization_id=program.organization_id,
                program=program,
                kind=kind,
                topic=topic,
                held_on=held_on,
                starts_at=starts_at,
                duration_minutes=duration_minutes,
                place=place,
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            session.facilitators.set(facilitators)
            audit_record(
                actor=by,
                action=AuditAction.CREATE,
                category="groupsession",
                organization_id=program.organization_id,
                subject_type="groupsession",
                subject_id=session.uuid,
                detail={"program": str(program.uuid), "facilitators": [str(p.uuid) for p in facilitators]},
            )
    return session


def _attendance_errors(
    *, session: GroupSession, family: Family, present: Sequence[Caregiver | Child], note: str
) -> Errors:
    errors: Errors = {}
    if family.program_id != session.program_id:
        errors["family"] = [_("This family is not in the program that runs this group.")]
    if session.held_on > timezone.localdate():
        errors[""] = [
            _("This session is on %(on)s: who came is recorded from that day on.")
            % {"on": date_format(session.held_on, "j M Y")}
        ]
    if not present:
        errors["present"] = [_("Tick who of the family came.")]
    for person in present:
        if person.family_id != family.pk:
            errors.setdefault("present", []).append(_("Choose people of this household."))
        elif isinstance(person, Child):
            for field, messages in present_errors(
                "present", session.held_on, born=person.date_of_birth, whom=person_label(person)
            ).items():
                errors.setdefault(field, []).extend(messages)
    errors.update(length_errors("note", note))
    return errors


def group_attendance_record(
    *,
    session: GroupSession,
    family: Family,
    by: User,
    present: Sequence[Caregiver | Child],
    note: str = "",
    client_id: UUID | None = None,
) -> GroupAttendance:
    """Record that a family came to a session: who of them, and a note about that family. For whoever
    carries the family; once per family and session (then it is changed)."""
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(GroupAttendance, family=family, client_id=client_id)
    if existing is not None:
        return existing
    note = note.strip()
    errors = _attendance_errors(session=session, family=family, present=present, note=note)
    if not errors and GroupAttendance.objects.filter(session=session, family=family).exists():
        errors[""] = [_("This family's attendance at this session is recorded already: change it instead.")]
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        attendance, created = insert_once(
            GroupAttendance(
                organization_id=family.organization_id,
                session=session,
                family=family,
                note=note,
                recorded_at=timezone.now(),
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            attendance.present.set([subject_of(person) for person in present])
            audit_create(
                by=by,
                record=attendance,
                family=family,
                detail={"session": str(session.uuid), "present": [str(p.uuid) for p in present]},
            )
    return attendance


def group_attendance_update(
    *,
    attendance: GroupAttendance,
    by: User,
    version: int,
    present: Sequence[Caregiver | Child],
    note: str = "",
) -> GroupAttendance:
    """Correct who of the family came, or the note about them, from the version the editor read."""
    family = attendance.family
    require(by, Action.FAMILY_EDIT, family)
    note = note.strip()
    errors = _attendance_errors(session=attendance.session, family=family, present=present, note=note)
    errors.pop("", None)  # it was recorded, so its day has come
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        updated, _before = record_update(
            attendance,
            by=by,
            version=version,
            changes={"note": note, "recorded_at": timezone.now()},
            allowed=frozenset({"note", "recorded_at"}),
            family=family,
            detail={"present": [str(p.uuid) for p in present]},
        )
        updated.present.set([subject_of(person) for person in present])
    return updated
