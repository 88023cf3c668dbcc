"""The calendar feed: a secret address at which one person's own visits are published. Only a digest of
the token is kept, so the address is shown once, when it is made."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from nestling.access.policy import visible_families
from nestling.accounts.models import User
from nestling.visits.models import CalendarFeed, Visit
from nestling.worklist.selectors.week import practitioner_visits

# What a calendar app is given: the last three months and the year ahead.
FEED_DAYS_BACK = 92
FEED_DAYS_AHEAD = 366


def feed_token_digest(token: str) -> str:
    """What is stored of a token: its SHA-256, in hex (the token is random and long, so no salt is
    needed to keep it from being guessed back)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def calendar_feed_live(*, user: User) -> CalendarFeed | None:
    """The user's feed in use, if they have made one."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_find(*, token: str) -> CalendarFeed | None:
    """The feed in use at this token, with its owner, or None for a token that is unknown, revoked, or
    whose owner's account is closed."""
    if not token or len(token) > 200:
        return None
    return (
        CalendarFeed.objects.filter(
            token_digest=feed_token_digest(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )


def feed_visits(*, feed: CalendarFeed, today: date) -> list[Visit]:
    """The owner's visits from three months back to a year ahead, to households they may still open, each
    with its family (two queries)."""
    owner = feed.user
    visits = practitioner_visits(
        practitioner=owner,
        start=today - timedelta(days=FEED_DAYS_BACK),
        end=today + timedelta(days=FEED_DAYS_AHEAD),
    )
    seen = set(
        visible_families(owner).filter(pk__in={v.family_id for v in visits}).values_list("pk", flat=True)
    )
    return [visit for visit in visits if visit.family_id in seen]
