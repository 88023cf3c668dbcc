"""Keyed hashing of audit rows and checkpoints. Pure: takes plain values and a key, knows nothing of the
database.

Each row's hash is HMAC-SHA256, under a key kept outside the database, of the previous row's hash and the
row's fields. Someone who can write the database but does not hold the key cannot alter a row and then
recompute the hashes after it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

GENESIS = "0" * 64

HASHED_FIELDS = (
    "chain",
    "lane",
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

# Distinct prefixes, so that a row's MAC can never be passed off as a checkpoint's or the other way round.
_ROW_DOMAIN = b"nestling audit row v2\n"
_CHECKPOINT_DOMAIN = b"nestling audit checkpoint v1\n"


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if value is None or isinstance(value, (int, str, bool, float, list, dict)):
        return value
    return str(value)


def _text(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode(
        "utf-8"
    )


def row_hash(*, key: bytes, prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The keyed hash of one row: the previous row's hash followed by the row's fields in a fixed form."""
    payload = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    message = _ROW_DOMAIN + prev_hash.encode("ascii") + _text(payload)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint_mac(*, key: bytes, body: Mapping[str, Any]) -> str:
    """The MAC of one checkpoint (everything in it but the MAC itself)."""
    return hmac.new(key, _CHECKPOINT_DOMAIN + _text(body), hashlib.sha256).hexdigest()


def macs_equal(a: str, b: str) -> bool:
    """Compare two MACs in constant time."""
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))
