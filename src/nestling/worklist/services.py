"""Writes of the worklist app: making and revoking one's calendar feed, and the audit rows of reading the
worklist, the week and the feed (each household shown is a read of its record)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import AuditEntry, audit_record_many
from nestling.families.models import Family
from nestling.visits.models import CalendarFeed
from nestling.worklist.selectors.calendar_feed import feed_token_digest

FEED_CATEGORY = "calendar_feed"


def calendar_feed_make(*, user: User) -> str:
    """A new secret address for the user's own visits; the address they had stops working. Returns the
    token, which is shown once: only its digest is kept."""
    require(user, Action.CASELOAD_VIEW)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # One person making two feeds at once: the second waits, then revokes the first.
        User.objects.select_for_update().filter(pk=user.pk).first()
        now = timezone.now()
        revoked = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        feed = CalendarFeed.objects.create(
            organization_id=user.organization_id, user=user, token_digest=feed_token_digest(token)
        )
        audit_record_many(
            actor=user,
            action=AuditAction.CREATE,
            entries=[
                AuditEntry(FEED_CATEGORY, "calendar_feed", str(feed.pk), detail={"revoked_before": revoked})
            ],
        )
    return token


def calendar_feed_revoke(*, user: User) -> bool:
    """Stop the user's feed; False when they had none."""
    with transaction.atomic():
        feeds = list(CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
        if not feeds:
            return False
        CalendarFeed.objects.filter(pk__in=[f.pk for f in feeds]).update(revoked_at=timezone.now())
        audit_record_many(
            actor=user,
            action=AuditAction.CHANGE,
            entries=[
                AuditEntry(FEED_CATEGORY, "calendar_feed", str(f.pk), detail={"revoked": True}) for f in feeds
            ],
        )
    return True


def family_reads_audit(
    *,
    actor: User,
    what: str,
    families: Iterable[Family],
    categories: Mapping[int, Iterable[str]] | None = None,
    detail: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    """Audit a page that shows many households (`what`: "worklist", "week_schedule", "calendar_feed"):
    one row for the page, one read of each household's record, and one read of each sensitive category
    shown for a household — all in a fixed number of queries."""
    detail = detail or {}
    families = list(families)
    entries = [AuditEntry("caseload", what, detail={**detail, "families": len(families)}, reason=reason)]
    for family in families:
        entries.append(AuditEntry("family", what, family.uuid, family.uuid, reason, detail))
        for category in sorted(set((categories or {}).get(family.pk, ())) - {""}):
            entries.append(AuditEntry(category, what, family.uuid, family.uuid, reason, detail))
    audit_record_many(actor=actor, action=AuditAction.READ, entries=entries)
