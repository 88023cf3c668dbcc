"""One person's visits as an iCalendar (RFC 5545) document for their calendar app.

A calendar app keeps what it is given on a phone, beside everything else, so an event says only when,
where, and which family by its reference: no names, no notes, no services, nothing of what the visit
was for or how it went. A cancelled visit is published as cancelled, so that the app takes it away.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from nestling.visits.models import Visit, VisitStatus

PRODUCT_ID = "-//Nestling//Visits//EN"


def visit_event(visit: Visit, *, stamp: datetime, zone: ZoneInfo) -> Event:
    """One visit as an event: its time, its family's reference and its place."""
    start = datetime.combine(visit.visit_on, visit.starts_at, tzinfo=zone)
    event = Event()
    event.add("uid", f"{visit.uuid}@nestling")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=visit.duration_minutes))
    event.add("summary", _("Visit: %(reference)s") % {"reference": visit.family.reference or "—"})
    # The place as booked; without one, the kind of place (a home, a video call), never an address.
    event.add("location", visit.place or str(visit.get_setting_display()))
    cancelled = visit.status == VisitStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("class", "PRIVATE")
    # Each saved change raises the version, so the app replaces its copy.
    event.add("sequence", visit.version)
    event.add("last-modified", visit.updated_at)
    return event


def visits_calendar(visits: Iterable[Visit], *, stamp: datetime) -> bytes:
    """The calendar of these visits (each with its family loaded), as the bytes of an .ics file."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Nestling visits"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for visit in visits:
        calendar.add_component(visit_event(visit, stamp=stamp, zone=zone))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
