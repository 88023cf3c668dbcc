"""A refusal of access, raised by the policy wherever data is read or written, and audited in one place.

`AccessDenied` carries what was refused; whoever turns it into an answer (the web middleware now, the API
and the portal later) calls `access_denial_audit` once, after the refused work's transaction is gone, so
the denial row is never rolled back with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from nestling.audit.models import AuditAction, AuditOutcome
from nestling.audit.services import audit_record

if TYPE_CHECKING:
    from nestling.accounts.models import User


class AccessDenied(Exception):
    """The actor may not do this. Outside the system it reads as "not found", so existence does not leak."""

    def __init__(
        self,
        *,
        actor: Any,
        action: str,
        category: str = "family",
        subject_type: str = "",
        subject_id: str | UUID = "",
        family_uuid: UUID | None = None,
        organization_id: int | None = None,
        detail: dict[str, Any] | None = None,
        explanation: str = "",
    ) -> None:
        self.actor = actor
        self.action = action
        self.category = category
        self.subject_type = subject_type
        self.subject_id = str(subject_id)
        self.family_uuid = family_uuid
        self.organization_id = organization_id
        self.detail = detail or {}
        # Said to the refused person (a 403) when the refusal gives nothing away; otherwise a plain 404.
        self.explanation = explanation
        super().__init__(f"{action} refused on {subject_type}:{subject_id}")


def access_denial_audit(denied: AccessDenied, *, writing: bool, path: str = "") -> None:
    """The one audit row of a refusal (call it outside the refused work's transaction)."""
    actor: User | None = denied.actor if getattr(denied.actor, "is_authenticated", False) else None
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE if writing else AuditAction.READ,
        outcome=AuditOutcome.DENIED,
        category=denied.category,
        organization_id=denied.organization_id,
        subject_type=denied.subject_type,
        subject_id=denied.subject_id,
        family_uuid=denied.family_uuid,
        detail={"permission": denied.action, **({"path": path} if path else {}), **denied.detail},
    )
