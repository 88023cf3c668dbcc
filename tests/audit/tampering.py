"""Helpers for the audit trail's tests: rows to check, and raw SQL tampering as someone with write access
to the database (but not the audit key) would do it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from nestling.audit.chain import GENESIS, HASHED_FIELDS
from nestling.audit.models import AuditEvent, AuditLaneHead
from nestling.audit.services import audit_record

EVENTS = AuditEvent._meta.db_table
LANES = AuditLaneHead._meta.db_table
ON_POSTGRESQL = connection.vendor == "postgresql"

only_on_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="PostgreSQL only: SQLite has no row locks to skip, nor triggers here"
)


def write_rows(actor: Any, count: int = 5) -> list[AuditEvent]:
    """`count` read rows by `actor`, one transaction each."""
    return [
        audit_record(actor=actor, action="read", category="family", detail={"n": n}) for n in range(count)
    ]


def unkeyed_sha256(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The hash of today's rows as an attacker without the key would compute it: plain SHA-256 of the
    same fields (the scheme of the unkeyed chains Nestling used before)."""
    payload = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="microseconds")
    if value is None or isinstance(value, (int, str, bool, float, list, dict)):
        return value
    return str(value)


class Tamper:
    """Raw SQL on the audit tables. On PostgreSQL each statement is first shown to be refused by the
    append-only triggers, then run with them disabled, as the tables' owner could."""

    def sql(self, statement: str, params: list[Any] | tuple[Any, ...] = ()) -> None:
        with connection.cursor() as cursor:
            if ON_POSTGRESQL:
                with pytest.raises(DatabaseError, match="refused"), transaction.atomic():
                    cursor.execute(statement, params)
                cursor.execute(f"ALTER TABLE {EVENTS} DISABLE TRIGGER USER")
                cursor.execute(f"ALTER TABLE {LANES} DISABLE TRIGGER USER")
            cursor.execute(statement, params)
            if ON_POSTGRESQL:
                cursor.execute(f"ALTER TABLE {EVENTS} ENABLE TRIGGER USER")
                cursor.execute(f"ALTER TABLE {LANES} ENABLE TRIGGER USER")

    def edit_row(self, row_id: int, **values: Any) -> None:
        columns = ", ".join(f"{name} = %s" for name in values)
        self.sql(f"UPDATE {EVENTS} SET {columns} WHERE id = %s", [*values.values(), row_id])

    def delete_rows(self, *row_ids: int) -> None:
        self.sql(f"DELETE FROM {EVENTS} WHERE id IN ({', '.join(['%s'] * len(row_ids))})", list(row_ids))

    def set_head(self, *, chain: int, lane: int, seq: int, hash: str) -> None:
        self.sql(
            f"UPDATE {LANES} SET seq = %s, hash = %s WHERE chain = %s AND lane = %s", [seq, hash, chain, lane]
        )

    def delete_chain(self, chain: int) -> None:
        """Every row and every lane head of one organization's trail."""
        self.sql(f"DELETE FROM {EVENTS} WHERE chain = %s", [chain])
        self.sql(f"DELETE FROM {LANES} WHERE chain = %s", [chain])

    def rechain(self, *, chain: int, lane: int, hasher: Callable[[str, Mapping[str, Any]], str]) -> None:
        """Recompute every row's link and hash of a lane with `hasher`, and the head to match, as someone
        who altered a row would to cover it up."""
        rows = AuditEvent.objects.filter(chain=chain, lane=lane).order_by("seq").values("id", *HASHED_FIELDS)
        prev = GENESIS
        for row in rows:
            digest = hasher(prev, row)
            self.edit_row(row["id"], prev_hash=prev, hash=digest)
            prev = digest
        self.set_head(chain=chain, lane=lane, seq=row["seq"], hash=prev)
