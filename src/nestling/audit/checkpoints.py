"""Writing a signed checkpoint of the audit trail to the anchor file."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from nestling.audit.anchors import Checkpoint, LaneAnchor, anchor_file_append
from nestling.audit.services import audit_key
from nestling.audit.verify import AuditVerification, ChainProblem, audit_chains_verify


class AuditTrailBroken(Exception):
    """The trail does not verify, so it is not anchored: a checkpoint must never vouch for a broken one."""

    def __init__(self, problems: list[ChainProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the audit trail")
        self.problems = problems


def audit_checkpoint_write(*, anchor_file: Path | None = None) -> tuple[Checkpoint, AuditVerification]:
    """Check the trail since the last checkpoint, then append a checkpoint of every lane of every chain.

    Raises AuditTrailBroken, writing nothing, when the trail does not verify.
    """
    verification = audit_chains_verify(anchor_file=anchor_file, since_checkpoint=True)
    if verification.problems:
        raise AuditTrailBroken(verification.problems)
    checkpoint = Checkpoint(
        written_at=timezone.now().isoformat(timespec="microseconds"),
        lanes=tuple(
            LaneAnchor(chain=end.chain, lane=end.lane, seq=end.seq, hash=end.hash, at=end.at)
            for end in verification.lanes
        ),
    )
    anchor_file_append(path=verification.anchor_path, checkpoint=checkpoint, key=audit_key())
    return checkpoint, verification
