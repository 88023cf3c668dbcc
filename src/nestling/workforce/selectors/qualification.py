"""Qualification for relationship-based therapy, computed from the training and RS/C records for many
people at once (a fixed number of queries)."""

from __future__ import annotations

from datetime import date

from django.db.models import Max
from django.utils import timezone

from nestling.accounts.models import User
from nestling.workforce.models import RscParticipant, RscStatus, StaffProfile, TrainingRecord
from nestling.workforce.policy import workforce_policy
from nestling.workforce.qualification import Qualification, QualificationFacts, qualification_of


def qualifications(*, people: list[User], on: date | None = None) -> dict[int, Qualification]:
    """Each person's qualification on `on` (today), by user id: four queries whatever the number."""
    on = on or timezone.localdate()
    if not people:
        return {}
    window = workforce_policy(organization_id=people[0].organization_id).rsc_recent_days
    ids = [person.pk for person in people]
    trained = dict(
        TrainingRecord.objects.filter(
            person_id__in=ids, specialized_imh=True, completed_on__isnull=False, completed_on__lte=on
        )
        .values("person_id")
        .annotate(last=Max("completed_on"))
        .values_list("person_id", "last")
    )
    received = dict(
        RscParticipant.objects.filter(
            person_id__in=ids, attended=True, session__status=RscStatus.HELD, session__held_on__lte=on
        )
        .values("person_id")
        .annotate(last=Max("session__held_on"))
        .values_list("person_id", "last")
    )
    overrides = dict(
        StaffProfile.objects.filter(user_id__in=ids, relationship_therapy_qualified=True).values_list(
            "user_id", "qualified_until"
        )
    )
    return {
        pk: qualification_of(
            QualificationFacts(
                training_completed_on=trained.get(pk),
                last_rsc_on=received.get(pk),
                override_until=overrides.get(pk),
            ),
            on=on,
            window_days=window,
        )
        for pk in ids
    }


def relationship_therapy_qualified(*, user: User) -> bool:
    """Whether this person may record a relationship-based therapy today: specialized IMH training
    completed and RS/C received recently, or a manager's override in force."""
    return qualifications(people=[user])[user.pk].qualified
