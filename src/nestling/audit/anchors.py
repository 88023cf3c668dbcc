"""The anchor file: signed checkpoints of every audit lane, kept outside the database.

One JSON object per line, each a checkpoint of every lane of every chain (chain, lane, seq, hash, at) with
an HMAC under the audit key. The database alone cannot show that its newest rows, or a whole chain with
its head, were removed: the anchors can, because they remember how far each lane had reached.
Knows nothing of the ORM.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from nestling.audit.chain import checkpoint_mac, macs_equal

FORMAT = 1


@dataclass(frozen=True)
class LaneAnchor:
    """How far one lane had reached when a checkpoint was written."""

    chain: int
    lane: int
    seq: int
    hash: str
    at: str | None  # when the row at `seq` was written (ISO 8601)


@dataclass(frozen=True)
class Checkpoint:
    written_at: str
    lanes: tuple[LaneAnchor, ...]
    line: int = 0  # where it is in the anchor file (1-based), once read back


@dataclass
class AnchorFile:
    """What an anchor file holds: its valid checkpoints, and what is wrong with the rest of it."""

    checkpoints: list[Checkpoint] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    exists: bool = False

    @property
    def latest(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None

    def reached(self) -> dict[tuple[int, int], tuple[LaneAnchor, Checkpoint]]:
        """For each lane, the furthest point any checkpoint anchored, with that checkpoint."""
        furthest: dict[tuple[int, int], tuple[LaneAnchor, Checkpoint]] = {}
        for checkpoint in self.checkpoints:
            for anchor in checkpoint.lanes:
                known = furthest.get((anchor.chain, anchor.lane))
                if known is None or anchor.seq >= known[0].seq:
                    furthest[(anchor.chain, anchor.lane)] = (anchor, checkpoint)
        return furthest


def _body(written_at: str, lanes: Iterable[LaneAnchor]) -> dict[str, Any]:
    return {"format": FORMAT, "written_at": written_at, "lanes": [asdict(lane) for lane in lanes]}


def anchor_file_read(*, path: Path, key: bytes) -> AnchorFile:
    """Read and check every checkpoint in the file. A missing file is an empty one (a fresh install)."""
    result = AnchorFile()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return result
    result.exists = True
    seen: dict[tuple[int, int, int], str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            checkpoint, mac = _parse(line, number)
        except (ValueError, KeyError, TypeError) as error:
            result.problems.append(f"line {number} is not a checkpoint ({error})")
            continue
        if not macs_equal(mac, checkpoint_mac(key=key, body=_body(checkpoint.written_at, checkpoint.lanes))):
            result.problems.append(
                f"line {number} is not signed with the audit key (altered, or written under another key)"
            )
            continue
        for anchor in checkpoint.lanes:
            earlier = seen.setdefault((anchor.chain, anchor.lane, anchor.seq), anchor.hash)
            if earlier != anchor.hash:
                result.problems.append(
                    f"line {number} anchors chain {anchor.chain} lane {anchor.lane} row {anchor.seq} "
                    "with a different hash than an earlier checkpoint"
                )
        result.checkpoints.append(checkpoint)
    return result


def _parse(line: str, number: int) -> tuple[Checkpoint, str]:
    data = json.loads(line)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"unknown format {data.get('format') if isinstance(data, dict) else data!r}")
    lanes = tuple(
        LaneAnchor(
            chain=int(item["chain"]),
            lane=int(item["lane"]),
            seq=int(item["seq"]),
            hash=str(item["hash"]),
            at=None if item["at"] is None else str(item["at"]),
        )
        for item in data["lanes"]
    )
    return Checkpoint(written_at=str(data["written_at"]), lanes=lanes, line=number), str(data["mac"])


def anchor_file_append(*, path: Path, checkpoint: Checkpoint, key: bytes) -> None:
    """Append one signed checkpoint as a line, and make sure it is on disk before returning."""
    body = _body(checkpoint.written_at, checkpoint.lanes)
    line = json.dumps({**body, "mac": checkpoint_mac(key=key, body=body)}, separators=(",", ":")) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        # Two checkpoints written at once must not interleave their lines.
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        data = line.encode("utf-8")
        while data:
            data = data[os.write(descriptor, data) :]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
