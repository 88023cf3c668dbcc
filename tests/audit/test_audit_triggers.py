"""On PostgreSQL the database itself refuses to change or remove audit rows, and lets a lane's head only
move forward."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from nestling.audit.models import AuditLaneHead
from tests.audit.tampering import EVENTS, LANES, only_on_postgresql, write_rows

pytestmark = only_on_postgresql


def _refused(statement: str, params: list | None = None) -> str:
    with pytest.raises(DatabaseError) as refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params or [])
    return str(refusal.value).splitlines()[0]


def test_the_database_refuses_to_update_or_delete_an_audit_row(world):
    [row] = write_rows(world.practitioner, 1)
    assert _refused(f"UPDATE {EVENTS} SET reason = 'rewritten' WHERE id = %s", [row.pk]) == (
        f"audit rows are append-only: UPDATE on {EVENTS} refused"
    )
    assert _refused(f"DELETE FROM {EVENTS} WHERE id = %s", [row.pk]) == (
        f"audit rows are append-only: DELETE on {EVENTS} refused"
    )


def test_the_database_refuses_to_truncate_the_audit_tables(world):
    # Given a session that has not allowed it (only the test runner's flush does)
    write_rows(world.practitioner, 1)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL nestling.audit_allow_truncate = 'off'")
    # Then TRUNCATE is refused on the rows and on the lane heads
    assert _refused(f"TRUNCATE {EVENTS}") == f"audit rows are append-only: TRUNCATE on {EVENTS} refused"
    assert _refused(f"TRUNCATE {LANES}") == f"audit rows are append-only: TRUNCATE on {LANES} refused"


def test_a_lane_head_only_moves_forward_and_is_never_deleted(world):
    write_rows(world.practitioner, 3)
    head = AuditLaneHead.objects.get(chain=world.org.pk)
    assert _refused(f"UPDATE {LANES} SET seq = 2 WHERE id = %s", [head.pk]) == (
        f"an audit lane head only moves forward: chain {world.org.pk}, lane 0, row 3 to row 2 refused"
    )
    assert _refused(f"UPDATE {LANES} SET hash = 'x' WHERE id = %s", [head.pk]).startswith(
        "an audit lane head only moves forward"
    )
    assert _refused(f"DELETE FROM {LANES} WHERE id = %s", [head.pk]) == (
        f"audit rows are append-only: DELETE on {LANES} refused"
    )
    # while appending moves it forward as ever
    write_rows(world.practitioner, 1)
    head.refresh_from_db()
    assert head.seq == 4
