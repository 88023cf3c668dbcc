"""Open safety alerts on every page for the practitioner and supervisor who must answer them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from nestling.screening.alert_selectors import open_alerts_for

SHOWN = 5  # more than this and the banner says how many more


def urgent_alerts(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"urgent_alerts": [], "urgent_alerts_more": 0}
    alerts = list(open_alerts_for(user)[: SHOWN + 1])
    return {"urgent_alerts": alerts[:SHOWN], "urgent_alerts_more": max(len(alerts) - SHOWN, 0)}
