"""Training and RS/C records as the workforce services would write them, for tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

from nestling.accounts.models import User
from nestling.workforce.models import RscKind, RscParticipant, RscSession, RscStatus, TrainingRecord


def training(
    person: User,
    *,
    hours: int = 30,
    specialized: bool = True,
    completed_days_ago: int | None = 30,
    course: str = "Synthetic infant mental health foundations",
) -> TrainingRecord:
    today = datetime.date.today()
    completed = (
        today - datetime.timedelta(days=completed_days_ago) if completed_days_ago is not None else None
    )
    return TrainingRecord.objects.create(
        organization_id=person.organization_id,
        person=person,
        course=course,
        provider="Synthetic training institute",
        started_on=(completed or today) - datetime.timedelta(days=10),
        completed_on=completed,
        hours=Decimal(hours),
        competency_areas=["relationship_focused", "attachment"],
        specialized_imh=specialized,
        created_by=person,
    )


def rsc_session(
    leader: User,
    people: list[User],
    *,
    days_ago: int = 7,
    minutes: int = 60,
    status: str = RscStatus.HELD,
    attended: bool = True,
    notes: str = "",
) -> RscSession:
    session = RscSession.objects.create(
        organization_id=leader.organization_id,
        leader=leader,
        kind=RscKind.GROUP if len(people) > 1 else RscKind.INDIVIDUAL,
        status=status,
        held_on=datetime.date.today() - datetime.timedelta(days=days_ago),
        duration_minutes=minutes,
        notes=notes,
        created_by=leader,
    )
    for person in people:
        RscParticipant.objects.create(
            organization_id=leader.organization_id,
            session=session,
            person=person,
            attended=attended and status == RscStatus.HELD,
        )
    return session
