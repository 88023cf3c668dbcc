"""What visits ask at a discharge: each visit still scheduled on or after the discharge date. Closing one
cancels it, by staff, with the reason; keeping it leaves it on the calendar (a last visit to say goodbye,
say). Registered from the app's ready()."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.accounts.models import User
from nestling.families.contributions import DischargeContributor, OpenItem, contribute_to_discharge
from nestling.families.models import Family
from nestling.visits.models import CancelledBy, Visit, VisitStatus
from nestling.visits.services.scheduling import visit_cancel

PREFIX = "visit:"
CLOSING = gettext_lazy("Cancelled by staff, with the reason.")
KEEPING = gettext_lazy("Stays scheduled.")
CANCEL_FIELDS = frozenset({"status", "cancelled_by", "status_note"})
REASON_MAX = 500  # Visit.status_note


def _scheduled(family: Family, on: date) -> list[Visit]:
    return list(
        Visit.objects.filter(family=family, status=VisitStatus.SCHEDULED, visit_on__gte=on)
        .select_related("practitioner")
        .order_by("visit_on", "starts_at", "pk")
    )


def _label(visit: Visit) -> str:
    return _("%(setting)s visit on %(day)s at %(time)s with %(who)s") % {
        "setting": visit.get_setting_display(),
        "day": date_format(visit.visit_on, "D j M Y"),
        "time": time_format(visit.starts_at, "H:i"),
        "who": visit.practitioner.display_name,
    }


def scheduled_visits(*, family: Family, on: date) -> Sequence[OpenItem]:
    """The family's visits still scheduled on or after `on` (one query)."""
    return [
        OpenItem(key=f"{PREFIX}{visit.uuid}", label=_label(visit), closing=CLOSING, keeping=KEEPING)
        for visit in _scheduled(family, on)
    ]


def cancel_visits(*, by: User, family: Family, on: date, chosen: Mapping[str, str]) -> None:
    """Cancel each chosen visit by staff with its reason, from the version it has now (versioned and
    audited by the visits' own service)."""
    ids = [key.removeprefix(PREFIX) for key in chosen]
    for visit in Visit.objects.filter(family=family, status=VisitStatus.SCHEDULED, uuid__in=ids):
        visit_cancel(
            visit=visit,
            by=by,
            version=visit.version,
            cancelled_by=CancelledBy.STAFF,
            reason=chosen[f"{PREFIX}{visit.uuid}"][:REASON_MAX],
        )


def register() -> None:
    contribute_to_discharge(
        DischargeContributor(
            kind="visits",
            heading=gettext_lazy("Scheduled visits"),
            open_items=scheduled_visits,
            close=cancel_visits,
        )
    )
