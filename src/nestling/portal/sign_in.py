"""Signing in: a caregiver's session is marked as the portal's (so the portal's boundary applies and no
second factor is forced), each person's chosen language is put in their session, and a caregiver's
sign-ins and failed attempts are audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest
from django.utils import timezone

from nestling.accounts.middleware import PORTAL_SESSION
from nestling.accounts.models import User
from nestling.audit.models import AuditAction, AuditOutcome
from nestling.audit.services import audit_record
from nestling.portal.middleware import LANGUAGE_SESSION
from nestling.portal.models import LanguagePreference, PortalAccount


def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    language = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    if language:
        request.session[LANGUAGE_SESSION] = language
    account = PortalAccount.objects.filter(user=user).select_related("family").first()
    if account is None:
        return
    request.session[PORTAL_SESSION] = account.pk
    if account.activated_at is None:
        account.activated_at = timezone.now()
        account.save(update_fields=["activated_at"])
    audit_record(
        actor=user,
        action=AuditAction.READ,
        category="portal",
        subject_type="sign_in",
        subject_id=account.uuid,
        family_uuid=account.family.uuid,
        detail={"signed_in": True},
    )


def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")
    if not email:
        return
    account = PortalAccount.objects.filter(user__email__iexact=email).select_related("family").first()
    if account is None:
        return
    audit_record(
        actor=None,
        action=AuditAction.READ,
        outcome=AuditOutcome.DENIED,
        category="portal",
        organization_id=account.organization_id,
        subject_type="sign_in",
        subject_id=account.uuid,
        family_uuid=account.family.uuid,
        detail={"signed_in": False},
    )


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="nestling.portal.signed_in")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="nestling.portal.sign_in_failed")
