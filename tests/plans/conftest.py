"""Fixtures for the care plan: family A (the practitioner's) enrolled three months ago, with a mother, her
baby and their relationship, and a plan started two months ago."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from nestling.families.models import Caregiver, Child, Enrollment, Family, Relationship
from nestling.plans.models import CarePlan
from nestling.plans.services.plan import care_plan_create
from tests.factories.families import CaregiverFactory, ChildFactory, EnrollmentFactory, RelationshipFactory


def days(n: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=n)


@dataclass
class Household:
    family: Family
    enrollment: Enrollment
    mother: Caregiver
    baby: Child
    pair: Relationship


@pytest.fixture
def household(world) -> Household:
    family = world.family_a
    mother = CaregiverFactory(family=family, given_name="Rowan", family_name="Ash")
    baby = ChildFactory(family=family, given_name="Wren", family_name="Ash", date_of_birth=days(-200))
    return Household(
        family=family,
        enrollment=EnrollmentFactory(family=family, enrolled_on=days(-90)),
        mother=mother,
        baby=baby,
        pair=RelationshipFactory(family=family, caregiver=mother, child=baby),
    )


@pytest.fixture
def plan(world, household) -> CarePlan:
    return care_plan_create(
        family=household.family,
        by=world.practitioner,
        started_on=days(-60),
        review_on=days(30),
        summary="Synthetic: Rowan hopes to feel closer to Wren and less alone.",
    )
