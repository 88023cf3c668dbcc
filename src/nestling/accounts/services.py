"""Changes to user accounts."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db import transaction

from nestling.accounts.models import User
from nestling.accounts.second_factor import authenticator_counts_as_second_factor
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


def second_factor_record_added(*, user: User, authenticator: Authenticator) -> None:
    """Audit a second factor (authenticator app, passkey, recovery codes) added to the user's account."""
    _second_factor_record(user=user, authenticator=authenticator, action=AuditAction.CREATE)


def second_factor_record_removed(*, user: User, authenticator: Authenticator) -> None:
    """Audit a second factor removed from the user's account."""
    _second_factor_record(user=user, authenticator=authenticator, action=AuditAction.DELETE)


def _second_factor_record(*, user: User, authenticator: Authenticator, action: str) -> None:
    # The kind and the person's own name for it, never the secret or the public key.
    detail: dict[str, object] = {"type": authenticator.type}
    if authenticator.type == Authenticator.Type.WEBAUTHN:
        detail["name"] = authenticator.wrap().name
        detail["user_verified"] = authenticator_counts_as_second_factor(authenticator)
    audit_record(
        actor=user,
        action=action,
        category="account",
        subject_type="authenticator",
        subject_id=user.uuid,
        detail=detail,
    )
