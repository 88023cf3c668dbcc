"""Changes to user accounts."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.db import transaction

from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record


def user_deactivate(*, user: User, by: User) -> None:
    """Deactivate a user and end every session they have, at once."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="account",
            subject_type="user",
            subject_id=user.uuid,
            detail={"before": {"is_active": True}, "after": {"is_active": False}},
        )
    for session in UserSession.objects.purge_and_list(user):
        session.end()


def user_reactivate(*, user: User, by: User) -> None:
    """Let a deactivated user sign in again (with their own password and second factor)."""
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="account",
            subject_type="user",
            subject_id=user.uuid,
            detail={"before": {"is_active": False}, "after": {"is_active": True}},
        )
