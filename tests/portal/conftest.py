from __future__ import annotations

import pytest

from tests.factories.families import EnrollmentFactory
from tests.factories.portal import PortalCaregiver, portal_caregiver


@pytest.fixture
def mother(world) -> PortalCaregiver:
    EnrollmentFactory(family=world.family_a)
    return portal_caregiver(
        world.family_a,
        email="mother@home.test",
        invited_by=world.practitioner,
        given_name="Rosa",
        family_name="Synthetic",
        phone="555-0101",
    )


@pytest.fixture
def father(world, mother) -> PortalCaregiver:
    return portal_caregiver(
        world.family_a,
        email="father@home.test",
        invited_by=world.practitioner,
        given_name="Tomas",
        family_name="Synthetic",
        phone="555-0202",
    )


@pytest.fixture
def as_caregiver(client):
    """Sign a caregiver in through the real sign-in signal (force_login sends it)."""

    def sign_in(person: PortalCaregiver):
        client.force_login(person.user)
        return client

    return sign_in
