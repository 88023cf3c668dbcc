"""Signed checkpoints in the anchor file: `nestling audit checkpoint`, and what verify makes of them."""

from __future__ import annotations

import json
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nestling.audit.chain import checkpoint_mac
from nestling.audit.models import AuditEvent, AuditLaneHead
from nestling.audit.services import audit_key
from tests.audit.tampering import write_rows


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_checkpoint_anchors_every_lane_of_every_chain_in_one_signed_line(
    world, audit_key_and_anchors, capsys
):
    # Given rows in two organizations
    write_rows(world.practitioner, 3)
    write_rows(world.outsider, 2)
    # When a checkpoint is written
    call_command("audit", "checkpoint")
    # Then one line anchors each lane at its head, with the time of its last row, under the audit key
    path = audit_key_and_anchors
    [line] = _lines(path)
    heads = AuditLaneHead.objects.order_by("chain", "lane")
    assert [(a["chain"], a["lane"], a["seq"], a["hash"]) for a in line["lanes"]] == [
        (h.chain, h.lane, h.seq, h.hash) for h in heads
    ]
    last = AuditEvent.objects.get(chain=world.org.pk, lane=0, seq=3)
    assert line["lanes"][0]["at"] == last.at.isoformat(timespec="microseconds")
    body = {name: value for name, value in line.items() if name != "mac"}
    assert line["mac"] == checkpoint_mac(key=audit_key(), body=body)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "2 lane(s) of 2 chain(s), 5 new row(s) checked" in capsys.readouterr().out


def test_verify_says_no_checkpoint_yet_on_a_fresh_install(db, audit_key_and_anchors, capsys):
    # Given no rows and no anchor file
    assert not audit_key_and_anchors.exists()
    # When the trail is verified
    call_command("audit", "verify")
    # Then that is no error, and it says so
    assert "audit trail intact: 0 rows checked in 0 lane(s); no checkpoint yet" in capsys.readouterr().out


def test_verify_names_the_last_checkpoint(world, capsys):
    write_rows(world.practitioner, 2)
    call_command("audit", "checkpoint")
    write_rows(world.practitioner, 1)
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "audit trail intact: 3 rows checked in 1 lane(s); last checkpoint " in out
    assert "(1 lane(s) anchored)" in out


def test_a_checkpoint_checks_only_the_rows_written_since_the_last_one(world, audit_key_and_anchors, capsys):
    # Given a checkpoint of five rows, then two more rows
    write_rows(world.practitioner, 5)
    call_command("audit", "checkpoint")
    write_rows(world.practitioner, 2)
    capsys.readouterr()
    # When the next checkpoint is written
    call_command("audit", "checkpoint")
    # Then it checked the two new rows only, and anchors the lane at row 7
    assert "1 lane(s) of 1 chain(s), 2 new row(s) checked" in capsys.readouterr().out
    assert [line["lanes"][0]["seq"] for line in _lines(audit_key_and_anchors)] == [5, 7]


def test_a_checkpoint_refuses_to_anchor_a_trail_altered_since_the_last_one(
    world, tamper, audit_key_and_anchors, capsys
):
    # Given a checkpoint, then a new row that is altered
    write_rows(world.practitioner, 2)
    call_command("audit", "checkpoint")
    [row] = write_rows(world.practitioner, 1)
    tamper.edit_row(row.pk, reason="rewritten")
    before = audit_key_and_anchors.read_text()
    # When a checkpoint is asked for
    with pytest.raises(CommandError) as refusal:
        call_command("audit", "checkpoint")
    # Then it names the problem, exits 1 and writes nothing
    assert refusal.value.returncode == 1
    assert "no checkpoint written: 1 problem(s)" in str(refusal.value)
    assert f"chain {world.org.pk}, lane 0, row 3: was altered after it was written" in capsys.readouterr().err
    assert audit_key_and_anchors.read_text() == before


def test_a_checkpoint_refuses_when_rows_it_anchored_before_are_gone(world, tamper, audit_key_and_anchors):
    # Given a checkpoint of four rows
    write_rows(world.practitioner, 4)
    call_command("audit", "checkpoint")
    # When the last one is deleted and the head moved back
    chain = world.org.pk
    tamper.delete_rows(AuditEvent.objects.get(chain=chain, seq=4).pk)
    tamper.set_head(chain=chain, lane=0, seq=3, hash=AuditEvent.objects.get(chain=chain, seq=3).hash)
    # Then the next checkpoint does not anchor the shortened lane
    with pytest.raises(CommandError):
        call_command("audit", "checkpoint")
    assert len(_lines(audit_key_and_anchors)) == 1


def test_checkpoint_and_verify_take_another_anchor_file(world, tmp_path, audit_key_and_anchors, capsys):
    elsewhere = tmp_path / "copy" / "anchors.jsonl"
    write_rows(world.practitioner, 2)
    call_command("audit", "checkpoint", "--anchors", str(elsewhere))
    assert len(_lines(elsewhere)) == 1
    assert not audit_key_and_anchors.exists()
    call_command("audit", "verify", "--anchors", str(elsewhere))
    assert "last checkpoint" in capsys.readouterr().out


def test_verify_refuses_a_checkpoint_written_under_another_key(world, settings):
    # Given a checkpoint, then the key changed (a checkpoint or rows from another installation)
    write_rows(world.practitioner, 1)
    call_command("audit", "checkpoint")
    settings.AUDIT_KEY = "another-key-of-at-least-thirty-two-characters"
    # Then neither the rows nor the checkpoint verify
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_a_checkpoint_refuses_when_the_row_it_anchored_last_time_was_deleted(world, tamper, capsys):
    # Given a checkpoint at row 3, then two more rows
    write_rows(world.practitioner, 3)
    call_command("audit", "checkpoint")
    write_rows(world.practitioner, 2)
    # When the anchored row is deleted (the rows after it still link to its hash)
    tamper.delete_rows(AuditEvent.objects.get(chain=world.org.pk, seq=3).pk)
    # Then the next checkpoint names it and writes nothing
    with pytest.raises(CommandError):
        call_command("audit", "checkpoint")
    assert f"chain {world.org.pk}, lane 0, row 3: is missing; the checkpoint of " in capsys.readouterr().err
