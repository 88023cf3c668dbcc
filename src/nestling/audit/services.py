"""The one way audit rows are written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from nestling.audit.chain import GENESIS, row_hash
from nestling.audit.models import AuditAction, AuditChainHead, AuditEvent, AuditOutcome

if TYPE_CHECKING:
    from nestling.accounts.models import User


def audit_record(
    *,
    actor: User | None,
    action: str,
    category: str,
    organization_id: int | None = None,
    subject_type: str = "",
    subject_id: str | UUID = "",
    family_uuid: UUID | None = None,
    reason: str = "",
    outcome: str = AuditOutcome.ALLOWED,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one row to the organization's audit chain.

    Call it inside the transaction of the change it records: if the change rolls back, so does the row.
    """
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    if organization_id is None and actor is not None:
        organization_id = actor.organization_id
    chain = organization_id or 0
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
        if head is None:
            head = AuditChainHead.objects.create(chain=chain, seq=0, hash=GENESIS)
        fields: dict[str, Any] = {
            "chain": chain,
            "seq": head.seq + 1,
            "at": timezone.now(),
            "organization_id": organization_id,
            "actor_id": actor.pk if actor is not None else None,
            "actor_label": actor.email if actor is not None else "",
            "action": action,
            "outcome": outcome,
            "category": category,
            "subject_type": subject_type,
            "subject_id": str(subject_id),
            "family_uuid": family_uuid,
            "reason": reason,
            "detail": detail or {},
        }
        digest = row_hash(head.hash, fields)
        event = AuditEvent.objects.create(prev_hash=head.hash, hash=digest, **fields)
        head.seq = event.seq
        head.hash = digest
        head.save(update_fields=["seq", "hash"])
    return event
