"""Fixtures for the family record: dates relative to today."""

from __future__ import annotations

import datetime

import pytest


@pytest.fixture
def today() -> datetime.date:
    return datetime.date.today()
