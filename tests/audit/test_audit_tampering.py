"""What someone with write access to the database, but not the audit key, can do to the trail, and how
`nestling audit verify` catches each of it."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nestling.audit.chain import row_hash
from nestling.audit.models import AuditEvent, AuditLaneHead
from nestling.audit.services import audit_key
from nestling.audit.verify import audit_chains_verify
from nestling.settings import _DEV_SECRET
from tests.audit.tampering import unkeyed_sha256, write_rows


def _verify_refuses() -> str:
    with pytest.raises(CommandError) as refusal:
        call_command("audit", "verify")
    assert refusal.value.returncode == 1
    return str(refusal.value)


def _row(chain: int, seq: int, lane: int = 0) -> AuditEvent:
    return AuditEvent.objects.get(chain=chain, lane=lane, seq=seq)


def test_verify_catches_rows_deleted_from_the_tail_after_a_checkpoint(world, tamper):
    # Given five rows anchored by a checkpoint
    write_rows(world.practitioner, 5)
    call_command("audit", "checkpoint")
    chain = world.org.pk
    # When the last two rows are deleted and the lane head is moved back to the row before them
    tamper.delete_rows(_row(chain, 4).pk, _row(chain, 5).pk)
    tamper.set_head(chain=chain, lane=0, seq=3, hash=_row(chain, 3).hash)
    # Then the rows left still link up, but the anchor shows the lane once reached row 5
    problems = audit_chains_verify().problems
    assert [(p.chain, p.lane, p.seq) for p in problems] == [(chain, 0, 4)]
    assert problems[0].message.startswith("rows 4 to 5 were removed after the checkpoint of ")
    assert "1 problem(s)" in _verify_refuses()


def test_verify_catches_a_whole_chain_deleted_with_its_head(world, tamper):
    # Given rows in two organizations, anchored
    write_rows(world.practitioner, 3)
    write_rows(world.outsider, 2)
    call_command("audit", "checkpoint")
    # When every row and the head of the first organization's trail are deleted
    tamper.delete_chain(world.org.pk)
    assert not AuditLaneHead.objects.filter(chain=world.org.pk).exists()
    # Then the anchored lane is reported gone, and the other organization's trail is still intact
    problems = audit_chains_verify().problems
    assert [(p.chain, p.lane) for p in problems] == [(world.org.pk, 0)]
    assert problems[0].message.startswith("was removed with its head (the checkpoint of ")
    assert problems[0].message.endswith("anchored it at row 3)")
    _verify_refuses()


def _old_unkeyed_scheme(prev_hash, fields):
    return unkeyed_sha256(prev_hash, fields)


def _todays_scheme_under_a_guessed_key(prev_hash, fields):
    # The open-source code and the public development SECRET_KEY, but not the deployment's key.
    guessed = hmac.new(_DEV_SECRET.encode(), b"nestling audit key", hashlib.sha256).hexdigest().encode()
    return row_hash(key=guessed, prev_hash=prev_hash, fields=fields)


@pytest.mark.parametrize("hasher", [_old_unkeyed_scheme, _todays_scheme_under_a_guessed_key])
def test_verify_catches_a_row_altered_and_every_later_hash_recomputed_without_the_key(world, tamper, hasher):
    # Given five rows
    write_rows(world.practitioner, 5)
    chain = world.org.pk
    # When row 2 is altered, and every hash from the first row on is recomputed to match, head included
    tamper.edit_row(_row(chain, 2).pk, reason="rewritten")
    tamper.rechain(chain=chain, lane=0, hasher=hasher)
    # Then the links and the head agree, but no row carries the keyed hash, so every one is reported
    problems = audit_chains_verify().problems
    assert [(p.seq, p.message) for p in problems] == [
        (seq, "was altered after it was written") for seq in range(1, 6)
    ]
    _verify_refuses()


def test_verify_still_catches_an_altered_row_and_a_deleted_middle_row(world, tamper):
    # Given five rows
    write_rows(world.practitioner, 5)
    chain = world.org.pk
    # When row 2 is altered and row 4 deleted
    tamper.edit_row(_row(chain, 2).pk, actor_label="someone.else@own.test")
    tamper.delete_rows(_row(chain, 4).pk)
    # Then both are named
    problems = audit_chains_verify().problems
    assert [(p.seq, p.message) for p in problems] == [
        (2, "was altered after it was written"),
        (4, "rows 4 to 4 are missing"),
    ]


def test_a_rewrite_by_someone_holding_the_key_is_still_caught_by_the_checkpoint(world, tamper):
    # Given five rows anchored by a checkpoint
    write_rows(world.practitioner, 5)
    call_command("audit", "checkpoint")
    chain = world.org.pk
    # When someone who has the key too alters row 2 and re-signs the whole lane
    tamper.edit_row(_row(chain, 2).pk, reason="rewritten")
    key = audit_key()
    tamper.rechain(
        chain=chain, lane=0, hasher=lambda prev, fields: row_hash(key=key, prev_hash=prev, fields=fields)
    )
    # Then every row verifies on its own, but row 5 is not the one the checkpoint anchored
    problems = audit_chains_verify().problems
    assert [(p.seq, p.message.split(" of ")[0]) for p in problems] == [(5, "is not the row the checkpoint")]


def test_verify_catches_an_anchor_line_that_was_edited(world, audit_key_and_anchors):
    # Given a checkpoint of five rows
    write_rows(world.practitioner, 5)
    call_command("audit", "checkpoint")
    # When the anchored row number is lowered in the anchor file, to make a later truncation pass
    path = audit_key_and_anchors
    path.write_text(path.read_text().replace('"seq":5', '"seq":3'))
    # Then the line no longer carries a valid signature
    problems = audit_chains_verify().problems
    assert [str(p) for p in problems] == [
        f"anchor file {path}: line 1 is not signed with the audit key (altered, or written under another key)"
    ]
