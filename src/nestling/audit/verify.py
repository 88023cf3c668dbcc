"""Checks the audit trail: every row's keyed hash, the links between rows, each lane's head, and the
signed checkpoints in the anchor file (so that rows cut from the end, or a lane removed with its head, are
caught too)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from nestling.audit.anchors import AnchorFile, Checkpoint, LaneAnchor, anchor_file_read
from nestling.audit.chain import GENESIS, HASHED_FIELDS, macs_equal, row_hash
from nestling.audit.models import AuditEvent, AuditLaneHead
from nestling.audit.services import audit_key


@dataclass(frozen=True)
class ChainProblem:
    chain: int | None
    lane: int | None
    seq: int | None
    message: str

    def __str__(self) -> str:
        if self.chain is None:
            return self.message
        where = f"chain {self.chain}, lane {self.lane}"
        return (
            f"{where}, row {self.seq}: {self.message}" if self.seq is not None else f"{where}: {self.message}"
        )


@dataclass(frozen=True)
class LaneEnd:
    """The last row of a lane as verified."""

    chain: int
    lane: int
    seq: int
    hash: str
    at: str | None


@dataclass(frozen=True)
class AuditVerification:
    checked: int
    problems: list[ChainProblem]
    lanes: list[LaneEnd]
    anchors: AnchorFile
    anchor_path: Path

    @property
    def intact(self) -> bool:
        return not self.problems


def audit_chains_verify(
    *, anchor_file: Path | None = None, since_checkpoint: bool = False, batch_size: int = 5000
) -> AuditVerification:
    """Walk every lane of every chain in order and check it against the anchor file.

    With `since_checkpoint`, each lane the anchor file knows is checked from its anchored row onwards
    only (the rows before it were verified when that checkpoint was written), which is how a checkpoint
    checks the trail cheaply before anchoring it.
    """
    key = audit_key()
    path = anchor_file or Path(settings.AUDIT_ANCHOR_FILE)
    anchors = anchor_file_read(path=path, key=key)
    problems = [
        ChainProblem(None, None, None, f"anchor file {path}: {problem}") for problem in anchors.problems
    ]
    reached = anchors.reached()
    # Lanes with rows are listed before the heads: a lane committed in between then has its head too.
    with_rows: set[tuple[int, int]] = set()
    if not since_checkpoint:
        with_rows = set(AuditEvent.objects.order_by().values_list("chain", "lane").distinct())
    heads = {(head.chain, head.lane): head for head in AuditLaneHead.objects.all()}
    checked = 0
    lanes: list[LaneEnd] = []
    for chain, lane in sorted(set(heads) | with_rows | set(reached)):
        head = heads.get((chain, lane))
        anchored = reached.get((chain, lane))
        rows, end = _lane_walk(
            chain=chain,
            lane=lane,
            head=head,
            anchored=anchored,
            since_checkpoint=since_checkpoint,
            key=key,
            batch_size=batch_size,
            problems=problems,
        )
        checked += rows
        if end is not None:
            lanes.append(end)
    return AuditVerification(checked, problems, lanes, anchors, path)


def _lane_walk(
    *,
    chain: int,
    lane: int,
    head: AuditLaneHead | None,
    anchored: tuple[LaneAnchor, Checkpoint] | None,
    since_checkpoint: bool,
    key: bytes,
    batch_size: int,
    problems: list[ChainProblem],
) -> tuple[int, LaneEnd | None]:
    """Check one lane; return the rows checked and where the lane ends (None if nothing is left of it)."""
    anchor, checkpoint = anchored if anchored is not None else (None, None)
    when = f"the checkpoint of {checkpoint.written_at}" if checkpoint is not None else ""
    rows = AuditEvent.objects.filter(chain=chain, lane=lane)
    expected_prev, expected_seq, last_at = GENESIS, 1, None
    if since_checkpoint and anchor is not None and head is not None and anchor.seq <= head.seq:
        found = rows.filter(seq=anchor.seq).values_list("hash", flat=True).first()
        if found is None:
            problems.append(ChainProblem(chain, lane, anchor.seq, f"is missing; {when} anchored it"))
        elif found != anchor.hash:
            problems.append(ChainProblem(chain, lane, anchor.seq, f"is not the row {when} anchored"))
        rows = rows.filter(seq__gt=anchor.seq)
        expected_prev, expected_seq, last_at = anchor.hash, anchor.seq + 1, anchor.at
    if head is not None:
        # Rows appended after the head was read belong to the next check.
        rows = rows.filter(seq__lte=max(head.seq, anchor.seq if anchor is not None else 0))
    checked = 0
    values = rows.order_by("seq").values("id", "prev_hash", "hash", *HASHED_FIELDS)
    for row in values.iterator(chunk_size=batch_size):
        checked += 1
        _row_check(row, chain, lane, expected_seq, expected_prev, key, problems)
        if anchor is not None and row["seq"] == anchor.seq and row["hash"] != anchor.hash:
            problems.append(ChainProblem(chain, lane, anchor.seq, f"is not the row {when} anchored"))
        expected_prev, expected_seq = row["hash"], row["seq"] + 1
        last_at = _iso(row["at"])
    last_seq = expected_seq - 1
    if anchor is not None and last_seq < anchor.seq:
        if head is None and checked == 0:
            problems.append(
                ChainProblem(
                    chain, lane, None, f"was removed with its head ({when} anchored it at row {anchor.seq})"
                )
            )
            return checked, None
        problems.append(
            ChainProblem(
                chain,
                lane,
                last_seq + 1,
                f"rows {last_seq + 1} to {anchor.seq} were removed after {when} "
                f"(the lane now ends at row {last_seq})",
            )
        )
    if head is None:
        problems.append(ChainProblem(chain, lane, last_seq, "has rows but no lane head"))
    elif head.seq != last_seq or head.hash != expected_prev:
        problems.append(
            ChainProblem(chain, lane, head.seq, f"ends at row {last_seq} but its head records row {head.seq}")
        )
    return checked, LaneEnd(chain, lane, last_seq, expected_prev, last_at)


def _row_check(
    row: dict[str, Any],
    chain: int,
    lane: int,
    expected_seq: int,
    expected_prev: str,
    key: bytes,
    problems: list[ChainProblem],
) -> None:
    if row["seq"] != expected_seq:
        problems.append(
            ChainProblem(chain, lane, expected_seq, f"rows {expected_seq} to {row['seq'] - 1} are missing")
        )
    elif row["prev_hash"] != expected_prev:
        problems.append(ChainProblem(chain, lane, row["seq"], "does not link to the row before it"))
    if not macs_equal(row_hash(key=key, prev_hash=row["prev_hash"], fields=row), row["hash"]):
        problems.append(ChainProblem(chain, lane, row["seq"], "was altered after it was written"))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") if value is not None else None
