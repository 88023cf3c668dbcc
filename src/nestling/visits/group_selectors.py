"""Reads of a program's group sessions. A session's page names only the families its reader may see (the
others are counted), so a facilitator sees who of their own families came and never learns the others'
names from it. Each read costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Prefetch, QuerySet

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, can, current_q, roles_of, visible_families
from nestling.accounts.models import Role, User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import CaseloadAssignment, Family, Subject
from nestling.organizations.models import Program
from nestling.visits.models import GroupAttendance, GroupSession
from nestling.visits.selectors import SUBJECT_PEOPLE, subject_label


def _refused(actor: User, subject_type: str, subject_id: UUID | str, action: str) -> AccessDenied:
    return AccessDenied(
        actor=actor,
        action=action,
        category="groupsession",
        subject_type=subject_type,
        subject_id=subject_id,
        organization_id=actor.organization_id,
    )


def _sees_groups_of(actor: User, program: Program) -> bool:
    """The program's manager and practitioners run its groups; a facilitator of one of its sessions
    (a supervisor, say) sees them too."""
    return (
        can(actor, Action.PROGRAM_GROUPS, program)
        or GroupSession.objects.filter(program=program, facilitators=actor).exists()
    )


def program_for_groups(*, actor: User, program_uuid: UUID, running: bool = False) -> Program:
    """The program if the actor may see its groups (or, `running`, add to them); otherwise AccessDenied
    (a 404)."""
    program = Program.objects.filter(uuid=program_uuid, organization_id=actor.organization_id).first()
    allowed = program is not None and (
        can(actor, Action.PROGRAM_GROUPS, program) if running else _sees_groups_of(actor, program)
    )
    if program is None or not allowed:
        raise _refused(actor, "program", program_uuid, str(Action.PROGRAM_GROUPS))
    return program


def programs_with_groups(*, actor: User) -> list[Program]:
    """The programs whose groups the actor may see (one query, and one per program checked)."""
    programs = Program.objects.filter(organization_id=actor.organization_id).order_by("name")
    return [program for program in programs if can(actor, Action.PROGRAM_GROUPS, program)]


def program_sessions(*, actor: User, program: Program) -> list[GroupSession]:
    """The program's sessions, newest first, with their facilitators and how many families came (two
    queries)."""
    if not _sees_groups_of(actor, program):
        raise _refused(actor, "program", program.uuid, str(Action.PROGRAM_GROUPS))
    return list(
        GroupSession.objects.filter(program=program)
        .prefetch_related("facilitators")
        .annotate(families_count=Count("attendance", distinct=True))
        .order_by("-held_on", "-starts_at", "-pk")
    )


def session_for(*, actor: User, session_uuid: UUID) -> GroupSession:
    """The session if the actor may see the program's groups or facilitates it; otherwise AccessDenied."""
    session = (
        GroupSession.objects.filter(uuid=session_uuid, organization_id=actor.organization_id)
        .select_related("program")
        .first()
    )
    allowed = session is not None and (
        can(actor, Action.PROGRAM_GROUPS, session.program)
        or session.facilitators.filter(pk=actor.pk).exists()
    )
    if session is None or not allowed:
        raise _refused(actor, "groupsession", session_uuid, str(Action.PROGRAM_GROUPS))
    return session


def _caseload_ids(actor: User, program: Program) -> set[int]:
    """The families of the program the actor carries now (who may write their records)."""
    if Role.PRACTITIONER not in roles_of(actor):
        return set()
    return set(
        CaseloadAssignment.objects.filter(
            current_q(),
            practitioner=actor,
            family__program_id=program.pk,
            family__organization_id=actor.organization_id,
        ).values_list("family_id", flat=True)
    )


@dataclass(frozen=True)
class AttendanceRow:
    attendance: GroupAttendance
    present: list[str]
    may_edit: bool


@dataclass(frozen=True)
class GroupPage:
    session: GroupSession
    facilitators: list[User]
    rows: list[AttendanceRow]  # the families the reader may see
    others: int  # families who came whom the reader may not see: counted, never named
    can_record: bool  # the reader carries a family of the program whose attendance is not recorded


def _present_prefetch() -> Prefetch[str]:
    return Prefetch("present", queryset=Subject.objects.select_related(*SUBJECT_PEOPLE).order_by("kind"))


def _audit_read(
    actor: User, *, subject_type: str, subject_id: UUID, family: Family | None, detail: dict[str, object]
) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        category="groupattendance",
        organization_id=actor.organization_id,
        subject_type=subject_type,
        subject_id=subject_id,
        family_uuid=family.uuid if family is not None else None,
        detail=detail,
    )


def group_session_page(*, actor: User, session: GroupSession) -> GroupPage:
    """What the session's page shows this reader, its reading audited once with the families it shows
    (a fixed number of queries)."""
    every = list(
        GroupAttendance.objects.filter(session=session)
        .select_related("family")
        .prefetch_related(_present_prefetch())
        .order_by("family__name", "pk")
    )
    seen = set(
        visible_families(actor).filter(pk__in=[a.family_id for a in every]).values_list("pk", flat=True)
    )
    carried = _caseload_ids(actor, session.program)
    rows = [
        AttendanceRow(
            attendance=a,
            present=[subject_label(s) for s in a.present.all()],
            may_edit=a.family_id in carried,
        )
        for a in every
        if a.family_id in seen
    ]
    recorded = {a.family_id for a in every}
    if rows:
        _audit_read(
            actor,
            subject_type="groupsession",
            subject_id=session.uuid,
            family=None,
            detail={"families": [str(row.attendance.family.uuid) for row in rows]},
        )
    return GroupPage(
        session=session,
        facilitators=list(session.facilitators.order_by("last_name", "first_name")),
        rows=rows,
        others=len(every) - len(rows),
        can_record=bool(carried - recorded),
    )


def attendance_families(*, actor: User, session: GroupSession) -> QuerySet[Family]:
    """The families of the session's program the actor carries whose attendance is not recorded yet; an
    actor who carries none of the program's families is refused (AccessDenied)."""
    carried = _caseload_ids(actor, session.program)
    if not carried:
        raise _refused(actor, "groupsession", session.uuid, str(Action.FAMILY_EDIT))
    recorded = GroupAttendance.objects.filter(session=session).values("family_id")
    return Family.objects.filter(pk__in=carried).exclude(pk__in=recorded).order_by("name")


def attendance_in_session(
    *, actor: User, session: GroupSession, attendance_uuid: UUID, reading: bool = False
) -> GroupAttendance:
    """One family's attendance at the session, for whoever may write that family's record; `reading` (a
    page showing it) audits the read."""
    attendance = (
        GroupAttendance.objects.filter(session=session, uuid=attendance_uuid)
        .select_related("family", "session")
        .prefetch_related(_present_prefetch())
        .first()
    )
    if attendance is None or not can(actor, Action.FAMILY_EDIT, attendance.family):
        raise _refused(actor, "groupattendance", attendance_uuid, str(Action.FAMILY_EDIT))
    if reading:
        _audit_read(
            actor,
            subject_type="groupattendance",
            subject_id=attendance.uuid,
            family=attendance.family,
            detail={},
        )
    return attendance
