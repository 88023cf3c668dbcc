"""Reads of a family's safety alerts for its pages: one alert with who raised, was sent and answered it,
and the family's open alerts (shown to whoever may read the family, a covering clinician included)."""

from __future__ import annotations

from uuid import UUID

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.families.models import Family
from nestling.screening.models import SafetyAlert


def safety_alert_in_family(*, actor: User, family: Family, alert_uuid: UUID) -> SafetyAlert | None:
    """The family's alert with this id, or None (one query)."""
    require(actor, Action.FAMILY_VIEW, family)
    alert = (
        SafetyAlert.objects.filter(family=family, uuid=alert_uuid)
        .select_related("result", "practitioner", "supervisor", "responded_by", "responded_under")
        .first()
    )
    if alert is not None:
        alert.family = family
    return alert


def open_alerts_in_family(*, actor: User, family: Family) -> list[SafetyAlert]:
    """The family's alerts no one has answered yet, oldest first (one query). An alert names no
    instrument: it reaches whoever reads the family, grant or not."""
    require(actor, Action.FAMILY_VIEW, family)
    alerts = list(SafetyAlert.objects.open().filter(family=family).order_by("raised_at", "pk"))
    for alert in alerts:
        alert.family = family
    return alerts
