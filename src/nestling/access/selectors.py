"""Reads of access records: the privacy officer's list of emergency accesses to review, and the
emergency access a user holds to a family now."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db.models import F
from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.access.models import BreakGlassAccess
from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.families.models import Family

REVIEW_PAGE_SIZE = 200


def break_glass_accesses_to_review(*, actor: User) -> list[BreakGlassAccess]:
    """The organization's emergency accesses, unreviewed first, then newest first (one query)."""
    require(actor, Action.BREAK_GLASS_REVIEW)
    return list(
        BreakGlassAccess.objects.filter(organization_id=actor.organization_id)
        .select_related("user", "family", "reviewed_by")
        # NULL first said explicitly: PostgreSQL sorts it last, SQLite first.
        .order_by(F("reviewed_at").asc(nulls_first=True), "-started_at")[:REVIEW_PAGE_SIZE]
    )


def break_glass_access_to_review(*, actor: User, access_uuid: UUID) -> BreakGlassAccess:
    """One emergency access of the actor's organization, for its review; AccessDenied (a 404) otherwise."""
    access = (
        BreakGlassAccess.objects.filter(uuid=access_uuid, organization_id=actor.organization_id)
        .select_related("family", "reviewed_by")
        .first()
    )
    if access is None:
        raise AccessDenied(
            actor=actor,
            action=str(Action.BREAK_GLASS_REVIEW),
            category="break_glass",
            subject_type="breakglassaccess",
            subject_id=access_uuid,
            organization_id=actor.organization_id,
        )
    require(actor, Action.BREAK_GLASS_REVIEW, access)
    return access


def emergency_access_in_force(
    *, user: User, family: Family, at: datetime | None = None
) -> BreakGlassAccess | None:
    """The user's emergency access to this family in force at `at` (now), the latest when several are;
    None when they hold none."""
    at = at or timezone.now()
    return (
        BreakGlassAccess.objects.filter(user=user, family=family, started_at__lte=at, expires_at__gt=at)
        .order_by("-started_at", "-pk")
        .first()
    )


def families_under_emergency_access(*, user: User, at: datetime | None = None) -> list[int]:
    """The ids of the families this user holds emergency access to now (one query)."""
    at = at or timezone.now()
    return list(
        BreakGlassAccess.objects.filter(
            user=user, organization_id=user.organization_id, started_at__lte=at, expires_at__gt=at
        )
        .values_list("family_id", flat=True)
        .distinct()
    )
