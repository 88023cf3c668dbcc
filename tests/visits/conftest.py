"""Fixtures for visits: family A (the practitioner's), with a mother, her baby born 200 days ago, their
relationship and an open enrollment from 90 days ago; dates relative to today."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from nestling.families.models import Caregiver, Child, Enrollment, Family, Relationship
from nestling.plans.models import ServiceType
from nestling.workforce.models import RscParticipant
from tests.factories import families as make
from tests.factories import workforce


@pytest.fixture
def today() -> datetime.date:
    return datetime.date.today()


def days(n: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=n)


@dataclass
class Household:
    family: Family
    mother: Caregiver
    baby: Child
    pair: Relationship
    enrollment: Enrollment


@pytest.fixture
def household(world) -> Household:
    family = world.family_a
    mother = make.CaregiverFactory(family=family, given_name="Maya")
    baby = make.ChildFactory(family=family, given_name="Ivy")
    return Household(
        family=family,
        mother=mother,
        baby=baby,
        pair=make.RelationshipFactory(family=family, caregiver=mother, child=baby),
        enrollment=make.EnrollmentFactory(family=family),
    )


@pytest.fixture
def service():
    def by_code(code: str) -> ServiceType:
        return ServiceType.objects.get(organization__isnull=True, code=code)

    return by_code


@pytest.fixture
def qualify(world):
    """Make a practitioner qualified for relationship-based therapy from their records (specialized
    training completed, RS/C received last week), or no longer (their RS/C received forgotten)."""

    def mark(user, qualified: bool = True) -> None:
        if qualified:
            workforce.training(user)
            workforce.rsc_session(world.supervisor, [user])
        else:
            RscParticipant.objects.filter(person=user).delete()

    return mark
