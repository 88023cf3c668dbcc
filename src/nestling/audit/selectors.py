"""Reads of the audit trail, for the privacy officer."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from nestling.audit.models import AuditEvent


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events_filter(
    *,
    organization_id: int,
    actor: str = "",
    action: str = "",
    outcome: str = "",
    category: str = "",
    family: UUID | None = None,
    since: date | None = None,
    until: date | None = None,
    before: int | None = None,
) -> QuerySet[AuditEvent]:
    """Events of one organization, newest first, narrowed by the given filters."""
    events = AuditEvent.objects.filter(organization_id=organization_id)
    filters: dict[str, Any] = {}
    if actor:
        filters["actor_label__icontains"] = actor
    if action:
        filters["action"] = action
    if outcome:
        filters["outcome"] = outcome
    if category:
        filters["category"] = category
    if family:
        filters["family_uuid"] = family
    if since:
        filters["at__gte"] = _start_of(since)
    if until and until < date.max:
        filters["at__lt"] = _start_of(until + timedelta(days=1))
    if before:
        filters["id__lt"] = before
    return events.filter(**filters).order_by("-id")
