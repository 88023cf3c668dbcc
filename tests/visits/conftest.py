"""Fixtures for visits: family A (the practitioner's), with a mother, her baby born 200 days ago, their
relationship and an open enrollment from 90 days ago; dates relative to today."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from nestling.families.models import Caregiver, Child, Enrollment, Family, Relationship
from nestling.plans.models import ServiceType
from nestling.workforce.models import StaffProfile
from tests.factories import families as make


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
def qualify():
    """Mark a practitioner qualified for relationship-based therapy, as a manager would."""

    def mark(user, qualified: bool = True) -> StaffProfile:
        profile, _created = StaffProfile.objects.update_or_create(
            user=user,
            defaults={"organization": user.organization, "relationship_therapy_qualified": qualified},
        )
        return profile

    return mark
