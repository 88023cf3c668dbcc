"""Fixtures for the audit trail's tests: a fresh key and anchor file per test, and a tamperer."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from tests.audit.tampering import Tamper


@pytest.fixture(autouse=True)
def audit_key_and_anchors(settings, tmp_path):
    """Every test signs with its own random key, which no attacker in a test knows, and anchors to its own
    file. Returns the anchor file's path."""
    settings.AUDIT_KEY = secrets.token_hex(32)
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    return settings.AUDIT_ANCHOR_FILE


@pytest.fixture
def tamper(db) -> Iterator[Tamper]:
    yield Tamper()
