"""Checks the audit chains: every row's hash, the links between rows, and the chain heads."""

from __future__ import annotations

from dataclasses import dataclass

from nestling.audit.chain import GENESIS, HASHED_FIELDS, row_hash
from nestling.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainProblem:
    chain: int
    seq: int
    message: str


def audit_chains_verify(*, batch_size: int = 5000) -> tuple[int, list[ChainProblem]]:
    """Walk every chain in order and return (rows checked, problems found)."""
    problems: list[ChainProblem] = []
    checked = 0
    heads = {head.chain: head for head in AuditChainHead.objects.all()}
    chains = set(heads) | set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    for chain in sorted(chains):
        expected_prev = GENESIS
        expected_seq = 1
        rows = (
            AuditEvent.objects.filter(chain=chain)
            .order_by("seq")
            .values("id", "prev_hash", "hash", *HASHED_FIELDS)
            .iterator(chunk_size=batch_size)
        )
        for row in rows:
            checked += 1
            if row["seq"] != expected_seq:
                problems.append(
                    ChainProblem(chain, expected_seq, f"rows {expected_seq} to {row['seq'] - 1} are missing")
                )
            elif row["prev_hash"] != expected_prev:
                problems.append(ChainProblem(chain, row["seq"], "does not link to the row before it"))
            if row_hash(row["prev_hash"], row) != row["hash"]:
                problems.append(ChainProblem(chain, row["seq"], "was altered after it was written"))
            expected_prev = row["hash"]
            expected_seq = row["seq"] + 1
        head = heads.get(chain)
        last_seq = expected_seq - 1
        if head is None:
            problems.append(ChainProblem(chain, last_seq, "has rows but no chain head"))
        elif head.seq != last_seq or head.hash != expected_prev:
            problems.append(
                ChainProblem(chain, head.seq, f"ends at row {last_seq} but its head records row {head.seq}")
            )
    return checked, problems
