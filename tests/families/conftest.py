"""Fixtures for the family record: a grant for a sensitive category, and dates relative to today."""

from __future__ import annotations

import datetime

import pytest

from nestling.access.models import SensitiveGrant


@pytest.fixture
def today() -> datetime.date:
    return datetime.date.today()


@pytest.fixture
def grant(world):
    """Give a user a grant for a sensitive category (for every family they may see)."""

    def give(user, category: str = "substance_use"):
        return SensitiveGrant.objects.create(
            organization=user.organization, user=user, category=category, granted_by=world.privacy
        )

    return give
