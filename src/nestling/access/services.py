"""Changes to access: break-the-glass and its review."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.models import BreakGlassAccess
from nestling.access.policy import Action, can
from nestling.accounts.models import User
from nestling.audit.models import AuditAction, AuditOutcome
from nestling.audit.services import audit_record
from nestling.families.models import Family

MIN_REASON_LENGTH = 20


class BreakGlassRefused(Exception):
    """The request cannot be granted; the message says why, in words for the user."""


def _hold_requests_of(user: User) -> None:
    """Take the requester's row lock until the transaction ends, so that their requests (a triple click,
    two tabs) are weighed one after the other. SQLite's IMMEDIATE transactions queue them anyway."""
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()


def break_glass_open(*, user: User, family_reference: str, reason: str) -> tuple[BreakGlassAccess, bool]:
    """Open a family outside the user's usual access for a few hours, with a typed reason.

    The family is found only by its exact reference number, so this is no way to browse or search. While
    the user's access to that family is open, asking again returns it (`False`: nothing new granted).
    """
    reason = reason.strip()
    reference = family_reference.strip()
    if not can(user, Action.BREAK_GLASS_OPEN):
        raise BreakGlassRefused(_("Your role cannot use emergency access."))
    if len(reason) < MIN_REASON_LENGTH:
        raise BreakGlassRefused(
            _("Say why you need access, in at least %(count)d characters.") % {"count": MIN_REASON_LENGTH}
        )
    family = Family.objects.filter(organization_id=user.organization_id, reference__iexact=reference).first()
    if family is None:
        # Audited on its own, before any transaction of this request: a probe for references leaves a trace.
        audit_record(
            actor=user,
            action=AuditAction.BREAK_GLASS,
            outcome=AuditOutcome.DENIED,
            category="family",
            subject_type="family_reference",
            subject_id=reference[:64],
            reason=reason,
        )
        raise BreakGlassRefused(_("No family in your organization has that reference number."))
    with transaction.atomic():
        _hold_requests_of(user)
        now = timezone.now()
        already = (
            BreakGlassAccess.objects.filter(user=user, family=family, started_at__lte=now, expires_at__gt=now)
            .order_by("-expires_at")
            .first()
        )
        if already is not None:
            return already, False
        access = BreakGlassAccess.objects.create(
            organization_id=user.organization_id,
            user=user,
            family=family,
            reason=reason,
            started_at=now,
            expires_at=now + timedelta(hours=settings.BREAK_GLASS_HOURS),
        )
        audit_record(
            actor=user,
            action=AuditAction.BREAK_GLASS,
            category="family",
            subject_type="family",
            subject_id=family.uuid,
            family_uuid=family.uuid,
            reason=reason,
            detail={"expires_at": access.expires_at.isoformat()},
        )
    return access, True


def break_glass_review(*, access: BreakGlassAccess, by: User, note: str) -> None:
    """Record the privacy officer's review of one emergency access."""
    with transaction.atomic():
        access.reviewed_by = by
        access.reviewed_at = timezone.now()
        access.review_note = note.strip()
        access.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="break_glass",
            subject_type="break_glass",
            subject_id=access.uuid,
            family_uuid=access.family.uuid,
            detail={"after": {"reviewed": True, "note": access.review_note}},
        )
