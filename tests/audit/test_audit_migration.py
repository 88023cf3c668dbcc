"""The migration from one unkeyed chain per organization to keyed lanes, and back."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from nestling.audit.chain import GENESIS, row_hash
from nestling.audit.models import AuditEvent, AuditLaneHead
from nestling.audit.services import audit_key, audit_record
from nestling.audit.verify import audit_chains_verify

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_LANES = [("audit", "0001_initial")]

# The fields and hash of the chains before lanes and keys (nestling/audit/chain.py at 4492c0c).
OLD_FIELDS = (
    "chain", "seq", "at", "organization_id", "actor_id", "actor_label", "action", "outcome", "category",
    "subject_type", "subject_id", "family_uuid", "reason", "detail",
)  # fmt: skip


def _old_hash(prev_hash: str, row) -> str:
    payload = {name: getattr(row, name) for name in OLD_FIELDS}
    payload["at"] = payload["at"].isoformat(timespec="microseconds")
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest() -> Iterator[list[tuple[str, str]]]:
    """The audit app's newest migration, which every test leaves the database at, pass or fail."""
    targets = [key for key in MigrationExecutor(connection).loader.graph.leaf_nodes() if key[0] == "audit"]
    yield targets
    _migrate(targets)


def _old_chain(apps, chain: int, count: int, *, altered: int | None = None) -> None:
    """`count` rows in one old, unkeyed chain with its head; row `altered` changed after it was written."""
    event_model = apps.get_model("audit", "AuditEvent")
    prev = GENESIS
    start = timezone.now() - timedelta(days=30)
    for seq in range(1, count + 1):
        row = event_model(
            chain=chain,
            seq=seq,
            at=start + timedelta(minutes=seq),
            organization_id=chain,
            actor_id=None,
            actor_label=f"person{seq}@old.test",
            action="read",
            outcome="allowed",
            category="family",
            detail={"n": seq},
            prev_hash=prev,
        )
        row.hash = prev = _old_hash(prev, row)
        if seq == altered:
            row.reason = "changed afterwards"
        row.save()
    apps.get_model("audit", "AuditChainHead").objects.create(chain=chain, seq=count, hash=prev)


def test_the_migration_re_signs_the_old_chains_as_lane_zero_under_the_key(latest):
    # Given two organizations' trails in the old unkeyed chains
    old_apps = _migrate(BEFORE_LANES)
    _old_chain(old_apps, 7, 3)
    _old_chain(old_apps, 8, 2)
    old_hashes = set(old_apps.get_model("audit", "AuditEvent").objects.values_list("hash", flat=True))
    # When the database is migrated
    _migrate(latest)
    # Then every old row is lane 0 of its organization, re-signed with the key, and verifies
    verification = audit_chains_verify()
    assert verification.problems == []
    assert verification.checked == 5
    assert sorted(AuditLaneHead.objects.values_list("chain", "lane", "seq")) == [(7, 0, 3), (8, 0, 2)]
    assert not old_hashes & set(AuditEvent.objects.values_list("hash", flat=True))
    # and new rows carry on from the old ones
    row = audit_record(actor=None, organization_id=7, action="read", category="family")
    assert (row.lane, row.seq) == (0, 4)
    assert audit_chains_verify().problems == []


def test_the_migration_refuses_to_re_sign_an_old_chain_that_does_not_verify(latest, monkeypatch, capsys):
    # Given an old chain in which row 2 was altered after it was written
    old_apps = _migrate(BEFORE_LANES)
    _old_chain(old_apps, 7, 3, altered=2)
    # When the database is migrated, it stops with the damage named
    with pytest.raises(RuntimeError) as refusal:
        _migrate(latest)
    assert "chain 7, row 2: was altered after it was written" in str(refusal.value)
    assert "NESTLING_AUDIT_REKEY_BROKEN=yes" in str(refusal.value)
    assert not AuditLaneHead.objects.exists()
    # and only when told to does it re-sign the chain as it is, listing what was broken
    monkeypatch.setenv("NESTLING_AUDIT_REKEY_BROKEN", "yes")
    _migrate(latest)
    assert "chain 7, row 2: was altered after it was written" in capsys.readouterr().err
    assert AuditLaneHead.objects.get(chain=7).seq == 3


def _append(chain: int, lane: int, count: int) -> None:
    """Rows in a given lane, as audit_record writes them when other lanes are held (which one connection
    cannot arrange)."""
    head, _ = AuditLaneHead.objects.get_or_create(
        chain=chain, lane=lane, defaults={"seq": 0, "hash": GENESIS}
    )
    for _n in range(count):
        fields = {
            "chain": chain, "lane": lane, "seq": head.seq + 1, "at": timezone.now(), "organization_id": chain,
            "actor_id": None, "actor_label": "", "action": "read", "outcome": "allowed", "category": "family",
            "subject_type": "", "subject_id": "", "family_uuid": None, "reason": "", "detail": {},
        }  # fmt: skip
        digest = row_hash(key=audit_key(), prev_hash=head.hash, fields=fields)
        AuditEvent.objects.create(prev_hash=head.hash, hash=digest, **fields)
        head.seq, head.hash = fields["seq"], digest
        head.save(update_fields=["seq", "hash"])


def test_migrating_back_merges_the_lanes_into_one_unkeyed_chain_in_the_order_written(latest):
    # Given an organization whose rows went to two lanes, interleaved
    _append(7, 0, 2)
    _append(7, 1, 1)
    _append(7, 0, 1)
    assert audit_chains_verify().problems == []
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    # When the audit app is migrated back to before lanes
    old_apps = _migrate(BEFORE_LANES)
    # Then it is one chain numbered in the order the rows were written, linked under the old scheme
    rows = list(old_apps.get_model("audit", "AuditEvent").objects.order_by("seq"))
    assert [(row.id, row.seq) for row in rows] == [(pk, seq) for seq, pk in enumerate(ids, start=1)]
    prev = GENESIS
    for row in rows:
        assert (row.prev_hash, row.hash) == (prev, _old_hash(prev, row))
        prev = row.hash
    head = old_apps.get_model("audit", "AuditChainHead").objects.get(chain=7)
    assert (head.seq, head.hash) == (4, prev)
    # and forward again it verifies as lane 0
    _migrate(latest)
    assert audit_chains_verify().problems == []
    assert list(AuditLaneHead.objects.values_list("lane", "seq")) == [(0, 4)]
