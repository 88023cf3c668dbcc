"""Changes to access: break-the-glass and its review."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nestling.access.models import (
    REVIEW_OUTCOMES,
    REVIEW_OUTCOMES_WITH_NOTE,
    BreakGlassAccess,
    BreakGlassRefusal,
)
from nestling.access.policy import Action, can, is_on_caseload, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction, AuditOutcome
from nestling.audit.services import audit_record
from nestling.families.models import Family
from nestling.records.errors import RecordInvalid
from nestling.records.writes import record_close_once

MIN_REASON_LENGTH = 20
THROTTLE_WINDOW = timedelta(hours=1)


class BreakGlassRefused(Exception):
    """The request cannot be granted; the message says why, in words for the user, and `code` names the
    rule that refused it."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def _refused(
    *,
    user: User,
    reference: str,
    reason: str,
    code: str,
    message: str,
    family: Family | None = None,
    counted: bool = False,
    detail: dict[str, Any] | None = None,
) -> BreakGlassRefused:
    """Audit a refusal (and keep it, when it counts toward the hourly limit); the error to raise.

    Call it where nothing will roll it back: before any transaction, or in one that then commits."""
    if counted:
        BreakGlassRefusal.objects.create(
            organization_id=user.organization_id, user=user, at=timezone.now(), reference=reference, why=code
        )
    audit_record(
        actor=user,
        action=AuditAction.BREAK_GLASS,
        outcome=AuditOutcome.DENIED,
        category="family",
        subject_type="family_reference",
        subject_id=reference,
        family_uuid=family.uuid if family is not None else None,
        reason=reason,
        detail={"refusal": code, **(detail or {})},
    )
    return BreakGlassRefused(message, code=code)


def _hold_requests_of(user: User) -> None:
    """Take the requester's row lock until the transaction ends, so that their requests (a triple click,
    two tabs) are weighed one after the other. SQLite's IMMEDIATE transactions queue them anyway."""
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()


def _requests_since(user: User, since: datetime) -> list[datetime]:
    """When the user's requests that count toward the limit were made: grants and counted refusals."""
    granted = BreakGlassAccess.objects.filter(user=user, started_at__gt=since).values_list(
        "started_at", flat=True
    )
    refused = BreakGlassRefusal.objects.filter(user=user, at__gt=since).values_list("at", flat=True)
    return sorted([*granted, *refused])


def _throttled(
    *, user: User, reference: str, reason: str, family: Family | None, now: datetime
) -> BreakGlassRefused | None:
    """The refusal when the user has used up the hour's requests. The same words whether or not the
    reference exists; not counted itself, so that trying again does not push the next chance back."""
    limit = settings.BREAK_GLASS_PER_HOUR
    recent = _requests_since(user, now - THROTTLE_WINDOW)
    if len(recent) < limit:
        return None
    # The next request is allowed once enough of these have left the window.
    again_at = recent[len(recent) - limit] + THROTTLE_WINDOW
    message = ngettext(
        "You have asked for emergency access %(count)d time in the last hour, the most allowed. "
        "You can ask again at %(time)s; if a family needs someone now, call your supervisor or a program "
        "manager.",
        "You have asked for emergency access %(count)d times in the last hour, the most allowed. "
        "You can ask again at %(time)s; if a family needs someone now, call your supervisor or a program "
        "manager.",
        limit,
    ) % {"count": limit, "time": date_format(timezone.localtime(again_at), "H:i")}
    return _refused(
        user=user,
        reference=reference,
        reason=reason,
        code="throttled",
        message=message,
        family=family,
        detail={"limit": limit, "again_at": again_at.isoformat()},
    )


def _within_reach(*, user: User, reference: str, reason: str, family: Family) -> BreakGlassRefused | None:
    """The refusal when the user can open the family without emergency access: there is nothing to
    break, and an access would only give the privacy officer a needless review."""
    if is_on_caseload(user, family):
        code, message = "on_caseload", _("This family is already on your caseload — open it from there.")
    elif can(user, Action.FAMILY_VIEW, family):
        code, message = (
            "already_visible",
            _("You can already open this family — look it up in Find a family."),
        )
    else:
        return None
    return _refused(
        user=user, reference=reference, reason=reason, code=code, message=message, family=family, counted=True
    )


def _grant(*, user: User, family: Family, reason: str, now: datetime) -> BreakGlassAccess:
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
    return access


def break_glass_open(*, user: User, family_reference: str, reason: str) -> tuple[BreakGlassAccess, bool]:
    """Open a family outside the user's usual access for a few hours, with a typed reason.

    The family is found only by its exact reference number, so this is no way to browse or search. While
    the user's access to that family is open, asking again returns it (`False`: nothing new granted).
    A family the user can open already (their caseload, their team's, their program's) is refused. At most
    `BREAK_GLASS_PER_HOUR` requests per user in any hour, grants and refused references alike, so
    references cannot be tried one after another. Every refusal is audited (BreakGlassRefused).
    """
    reason = reason.strip()
    reference = family_reference.strip()[:64]
    if not can(user, Action.BREAK_GLASS_OPEN):
        raise _refused(
            user=user,
            reference=reference,
            reason=reason,
            code="role",
            message=_("Your role cannot use emergency access."),
        )
    if len(reason) < MIN_REASON_LENGTH:
        raise _refused(
            user=user,
            reference=reference,
            reason=reason,
            code="reason",
            message=_("Say why you need access, in at least %(count)d characters.")
            % {"count": MIN_REASON_LENGTH},
        )
    # A refusal is written in this transaction, which then commits; it is raised only after, so nothing
    # rolls back the trace a probe leaves.
    with transaction.atomic():
        _hold_requests_of(user)
        now = timezone.now()
        family = Family.objects.filter(
            organization_id=user.organization_id, reference__iexact=reference
        ).first()
        already = (
            BreakGlassAccess.objects.filter(user=user, family=family, started_at__lte=now, expires_at__gt=now)
            .order_by("-expires_at")
            .first()
            if family is not None
            else None
        )
        if already is not None:
            return already, False
        refusal = _throttled(user=user, reference=reference, reason=reason, family=family, now=now)
        if refusal is None and family is not None:
            refusal = _within_reach(user=user, reference=reference, reason=reason, family=family)
        if refusal is None:
            if family is not None:
                return _grant(user=user, family=family, reason=reason, now=now), True
            refusal = _refused(
                user=user,
                reference=reference,
                reason=reason,
                code="unknown_reference",
                message=_("No family in your organization has that reference number."),
                counted=True,
            )
    raise refusal


def _reviewed_by_whom(access: BreakGlassAccess) -> str:
    who = access.reviewed_by.display_name if access.reviewed_by else _("Someone")
    on = date_format(timezone.localtime(access.reviewed_at), "j M Y, H:i") if access.reviewed_at else ""
    return _("%(who)s already reviewed this emergency access on %(on)s: %(outcome)s.") % {
        "who": who,
        "on": on,
        "outcome": access.get_review_outcome_display(),
    }


def break_glass_review(*, access: BreakGlassAccess, by: User, outcome: str, note: str) -> BreakGlassAccess:
    """Record the privacy officer's review of one emergency access: appropriate, not appropriate or needs
    follow-up, the last two with a note saying why (RecordInvalid otherwise). An access is reviewed once:
    a second review is refused naming who made the first (AlreadyClosed). Audited by the write path."""
    require(by, Action.BREAK_GLASS_REVIEW, access)
    note = note.strip()
    if outcome not in REVIEW_OUTCOMES:
        raise RecordInvalid({"outcome": [_("Choose whether the access was appropriate.")]})
    if outcome in REVIEW_OUTCOMES_WITH_NOTE and not note:
        raise RecordInvalid({"note": [_("Say what was not appropriate, or what should follow.")]})
    return record_close_once(
        access,
        by=by,
        version=None,
        closed_when="reviewed_at",
        values={
            "reviewed_at": timezone.now(),
            "reviewed_by": by,
            "review_outcome": outcome,
            "review_note": note,
        },
        refusal=_reviewed_by_whom,
        family=access.family,
    )
