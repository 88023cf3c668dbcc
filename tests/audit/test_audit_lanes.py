"""Lanes: an organization's trail is a pool of hash chains, so that an audited read never waits for
another transaction's write. The waiting is only observable on PostgreSQL (SQLite lets one writer in at a
time whatever we do), so the tests with two connections run there only."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

from nestling.audit.models import AuditAction, AuditEvent, AuditLaneHead
from nestling.audit.services import audit_record
from nestling.audit.verify import audit_chains_verify
from tests.audit.tampering import only_on_postgresql

# How long an audited read may take while someone else's write is open. Far more than it needs (a few
# milliseconds), far less than the write is held open.
READ_WITHIN_SECONDS = 5
WRITE_HELD_SECONDS = 30


def test_rows_written_one_after_another_stay_in_lane_zero(world):
    # Given an organization whose rows are written one transaction at a time
    for _ in range(3):
        audit_record(actor=world.practitioner, action=AuditAction.READ, category="family")
    # Then they form one lane, numbered from 1, and it verifies
    rows = AuditEvent.objects.filter(chain=world.org.pk).order_by("id")
    assert [(row.lane, row.seq) for row in rows] == [(0, 1), (0, 2), (0, 3)]
    assert list(AuditLaneHead.objects.values_list("chain", "lane", "seq")) == [(world.org.pk, 0, 3)]
    assert audit_chains_verify().problems == []


def test_rows_of_one_transaction_follow_each_other_in_its_lane(world):
    with transaction.atomic():
        first = audit_record(actor=world.practitioner, action=AuditAction.CHANGE, category="family")
        second = audit_record(actor=world.practitioner, action=AuditAction.CHANGE, category="family")
    assert (second.lane, second.seq, second.prev_hash) == (first.lane, first.seq + 1, first.hash)


class HeldWrite:
    """A write transaction on its own connection that has appended its audit row and stays open,
    uncommitted, until released (or for WRITE_HELD_SECONDS at most)."""

    def __init__(self, *, actor: Any) -> None:
        self.actor = actor
        self.row: AuditEvent | None = None
        self.error: BaseException | None = None
        self._appended = threading.Event()
        self._release = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            with transaction.atomic():
                self.row = audit_record(actor=self.actor, action=AuditAction.CHANGE, category="family")
                self._appended.set()
                self._release.wait(WRITE_HELD_SECONDS)
        except BaseException as error:
            self.error = error
        finally:
            self._appended.set()
            connections.close_all()

    def __enter__(self) -> HeldWrite:
        self._thread.start()
        assert self._appended.wait(READ_WITHIN_SECONDS), "the write never appended its row"
        assert self.error is None, self.error
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._thread.join(WRITE_HELD_SECONDS)


def _in_a_thread(work: Callable[[], AuditEvent]) -> tuple[threading.Thread, dict[str, Any]]:
    """Start `work` on a connection of its own; the dict receives its result, error and duration."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        started = time.monotonic()
        try:
            outcome["row"] = work()
        except BaseException as error:
            outcome["error"] = error
        finally:
            outcome["seconds"] = time.monotonic() - started
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def _audited_read(actor: Any) -> Callable[[], AuditEvent]:
    return lambda: audit_record(
        actor=actor, action=AuditAction.READ, category="family", subject_type="family"
    )


@only_on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_audited_read_does_not_wait_for_a_long_write_in_the_same_organization(world):
    # Given an organization whose trail has a lane already
    audit_record(actor=world.practitioner, action=AuditAction.READ, category="family")
    # When a colleague's write transaction has appended its audit row and stays open
    with HeldWrite(actor=world.colleague) as write:
        reader, outcome = _in_a_thread(_audited_read(world.practitioner))
        reader.join(READ_WITHIN_SECONDS)
        finished_while_write_open = not reader.is_alive()
    reader.join(WRITE_HELD_SECONDS)
    # Then the read's row was written at once, in another lane, and both lanes verify
    assert finished_while_write_open, "the audited read waited for the open write transaction"
    assert "error" not in outcome, outcome.get("error")
    assert write.row is not None and write.error is None
    assert (write.row.lane, outcome["row"].lane) == (0, 1)
    assert outcome["seconds"] < READ_WITHIN_SECONDS
    verification = audit_chains_verify()
    assert verification.problems == []
    assert sorted((end.lane, end.seq) for end in verification.lanes if end.chain == world.org.pk) == [
        (0, 2),
        (1, 1),
    ]


@only_on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_audited_read_does_not_wait_for_a_write_that_opened_the_organizations_first_lane(world):
    # Given an organization with no audit rows yet, and a write that opened its first lane and stays open
    assert not AuditLaneHead.objects.filter(chain=world.org.pk).exists()
    with HeldWrite(actor=world.colleague):
        # When a read is audited (the write's lane 0 is invisible to it until the write commits)
        reader, outcome = _in_a_thread(_audited_read(world.practitioner))
        reader.join(READ_WITHIN_SECONDS)
        finished_while_write_open = not reader.is_alive()
    reader.join(WRITE_HELD_SECONDS)
    # Then it did not queue behind the write's uncommitted lane, but opened the next one
    assert finished_while_write_open, "the audited read waited for the write's new lane"
    assert "error" not in outcome, outcome.get("error")
    assert outcome["row"].lane == 1
    assert sorted(AuditLaneHead.objects.filter(chain=world.org.pk).values_list("lane", "seq")) == [
        (0, 1),
        (1, 1),
    ]
    assert audit_chains_verify().problems == []


@only_on_postgresql
@pytest.mark.django_db(transaction=True)
def test_opening_a_lane_another_transaction_just_committed_moves_on_to_the_next_lane(world):
    # Given lane 0 held by an open write
    audit_record(actor=world.practitioner, action=AuditAction.READ, category="family")
    with HeldWrite(actor=world.colleague), transaction.atomic():
        # and a transaction whose snapshot was taken before anyone opened lane 1 (REPEATABLE READ holds
        # open the moment between looking for the highest lane and creating the next one)
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        assert AuditLaneHead.objects.filter(chain=world.org.pk).count() == 1
        # When another read opens lane 1 and commits
        other, outcome = _in_a_thread(_audited_read(world.manager))
        other.join(READ_WITHIN_SECONDS)
        assert outcome["row"].lane == 1
        # Then this transaction's attempt at lane 1 fails on the unique constraint, inside a savepoint,
        # and it opens lane 2 rather than waiting or failing
        row = audit_record(actor=world.practitioner, action=AuditAction.READ, category="family")
        assert row.lane == 2
    assert sorted(AuditLaneHead.objects.filter(chain=world.org.pk).values_list("lane", flat=True)) == [
        0,
        1,
        2,
    ]
    assert audit_chains_verify().problems == []
