"""Reads of the reflective supervision/consultation (RS/C) log: the sessions a reader may see, one
session with what of it they may see, hours received per month, and the share of scheduled sessions
received."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from nestling.access.policy import current_q, visible_families
from nestling.accounts.models import Supervision, User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import Family
from nestling.workforce.models import RscParticipant, RscSession, RscStatus
from nestling.workforce.permissions import is_manager, refuse
from nestling.workforce.readiness import Hours

MINUTES = Decimal(60)


def hours_of(minutes: int) -> Decimal:
    return (Decimal(minutes) / MINUTES).quantize(Decimal("0.1"))


def _visible_q(actor: User) -> Q:
    """Sessions the actor may know of: led, attended or due to attend, or about a supervisee; all of the
    organization's for a manager."""
    if is_manager(actor):
        return Q(organization_id=actor.organization_id)
    supervisees = Supervision.objects.filter(current_q(), supervisor=actor).values("supervisee_id")
    in_it = RscParticipant.objects.filter(Q(person=actor) | Q(person_id__in=supervisees)).values("session_id")
    return Q(organization_id=actor.organization_id) & (Q(leader=actor) | Q(pk__in=in_it))


def rsc_sessions_visible(*, actor: User, person: User | None = None) -> QuerySet[RscSession]:
    """The sessions the actor may see (of `person`'s, when given: led by them or for them), newest
    first, with their leader and participants (three queries when listed)."""
    sessions = RscSession.objects.filter(_visible_q(actor))
    if person is not None:
        sessions = sessions.filter(
            Q(leader=person) | Q(pk__in=RscParticipant.objects.filter(person=person).values("session_id"))
        )
    return sessions.select_related("leader").prefetch_related(
        Prefetch(
            "participants",
            queryset=RscParticipant.objects.select_related("person").order_by("person__last_name"),
        )
    )


def rsc_log_read(*, actor: User, limit: int) -> list[RscSession]:
    """The newest sessions the actor may see, for their log page; the read is audited (no notes are
    shown there, only who, when and how long)."""
    sessions = list(rsc_sessions_visible(actor=actor)[:limit])
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        category="rsc",
        organization_id=actor.organization_id,
        subject_type="rsc_log",
        detail={"sessions": [str(s.uuid) for s in sessions]},
    )
    return sessions


def in_session(actor: User, session: RscSession, participants: list[RscParticipant]) -> bool:
    """The people in the session: its leader and the supervisees it was for. Only they read its notes."""
    return actor.pk == session.leader_id or any(p.person_id == actor.pk for p in participants)


@dataclass(frozen=True)
class SessionRead:
    session: RscSession
    participants: list[RscParticipant]
    # Families discussed that the reader may see; the others are only counted.
    families_shown: list[Family]
    families_hidden: int
    notes_shown: bool
    may_change: bool


def rsc_session_read(*, actor: User, session_uuid: UUID) -> SessionRead:
    """One session as the actor may see it, audited as a read (and as a read of its notes when they are
    shown). Someone who may not know of it gets AccessDenied."""
    session = RscSession.objects.filter(_visible_q(actor), uuid=session_uuid).select_related("leader").first()
    if session is None:
        raise refuse(actor, "rsc.read", subject_type="rscsession", subject_id=session_uuid)
    participants = list(session.participants.select_related("person").order_by("person__last_name"))
    discussed = list(session.families.order_by("name"))
    visible = set(
        visible_families(actor).filter(pk__in=[f.pk for f in discussed]).values_list("pk", flat=True)
    )
    shown = [family for family in discussed if family.pk in visible]
    notes_shown = in_session(actor, session, participants)
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        category="rsc_notes" if notes_shown else "rsc",
        organization_id=session.organization_id,
        subject_type="rscsession",
        subject_id=session.uuid,
        detail={"families_shown": [str(f.uuid) for f in shown]},
    )
    return SessionRead(
        session=session,
        participants=participants,
        families_shown=shown,
        families_hidden=len(discussed) - len(shown),
        notes_shown=notes_shown,
        may_change=actor.pk == session.leader_id,
    )


def _received(people: list[User], *, since: date | None, on: date) -> QuerySet[RscParticipant]:
    rows = RscParticipant.objects.filter(
        person__in=people, attended=True, session__status=RscStatus.HELD, session__held_on__lte=on
    )
    return rows.filter(session__held_on__gte=since) if since else rows


def rsc_received(*, people: list[User], on: date | None = None) -> dict[int, list[Hours]]:
    """Every RS/C session each person received, as (date, hours), by user id (one query)."""
    found: dict[int, list[Hours]] = defaultdict(list)
    rows = _received(people, since=None, on=on or timezone.localdate())
    for person_id, held_on, minutes in rows.values_list(
        "person_id", "session__held_on", "session__duration_minutes"
    ):
        found[person_id].append(Hours(held_on, hours_of(minutes)))
    return found


def rsc_hours_by_month(
    *, people: list[User], since: date, on: date | None = None
) -> dict[int, dict[str, Decimal]]:
    """RS/C hours each person received per month ("2026-11") from `since`, by user id (one query)."""
    found: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = _received(people, since=since, on=on or timezone.localdate())
    for person_id, held_on, minutes in rows.values_list(
        "person_id", "session__held_on", "session__duration_minutes"
    ):
        found[person_id][f"{held_on:%Y-%m}"] += hours_of(minutes)
    return found


@dataclass(frozen=True)
class Attendance:
    """Of the sessions scheduled for a person up to now, how many they received."""

    scheduled: int
    received: int

    @property
    def missed(self) -> int:
        return self.scheduled - self.received

    @property
    def share(self) -> int | None:
        """Percent received of those scheduled; None when none were."""
        return round(self.received * 100 / self.scheduled) if self.scheduled else None


def rsc_attendance(*, people: list[User], since: date, on: date | None = None) -> dict[int, Attendance]:
    """For each person, the sessions scheduled for them from `since` to `on` (held, cancelled, or past and
    never logged) and how many they received (one query)."""
    on = on or timezone.localdate()
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    due = RscParticipant.objects.filter(
        person__in=people, session__held_on__gte=since, session__held_on__lte=on
    ).exclude(session__status=RscStatus.SCHEDULED, session__held_on=on)  # today's may still be held
    rows = due.values_list("person_id", "session__status", "attended")
    for person_id, status, attended in rows:
        counts[person_id][0] += 1
        counts[person_id][1] += int(status == RscStatus.HELD and attended)
    return {person.pk: Attendance(*counts.get(person.pk, [0, 0])) for person in people}
