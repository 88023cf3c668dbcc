"""Hashing of audit rows. Pure: takes plain values, knows nothing of the database."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

GENESIS = "0" * 64

HASHED_FIELDS = (
    "chain",
    "seq",
    "at",
    "organization_id",
    "actor_id",
    "actor_label",
    "action",
    "outcome",
    "category",
    "subject_type",
    "subject_id",
    "family_uuid",
    "reason",
    "detail",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if value is None or isinstance(value, (int, str, bool, float, list, dict)):
        return value
    return str(value)


def row_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The hash of one row: the previous row's hash followed by the row's fields in a fixed form."""
    payload = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()
