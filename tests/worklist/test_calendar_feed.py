"""The calendar feed of one's own visits: a secret address made (and remade, which stops the old one) on a
page; read with no session; unknown and stopped addresses not found; nothing in it beyond a family's
reference and the place; cancelled visits published as cancelled; every read audited."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from nestling.audit.models import AuditEvent, AuditOutcome
from nestling.families.models import subject_of
from nestling.plans.models import ServiceType
from nestling.visits.models import CalendarFeed, VisitService
from nestling.worklist.selectors.calendar_feed import feed_token_digest
from nestling.worklist.services import calendar_feed_make
from tests.factories.families import CaregiverFactory, ChildFactory
from tests.factories.worklist import VisitFactory, VisitNoteFactory
from tests.worklist.conftest import days


def _address(client) -> str:
    """Make a feed on its page, as a person would, and read the address it shows once."""
    response = client.post(reverse("calendar_feed"), {"action": "make"})
    assert response.status_code == 302
    page = client.get(reverse("calendar_feed")).content.decode()
    match = re.search(r'value="(http[^"]+\.ics)" data-testid="feed-address"', page)
    assert match, "the new address is shown"
    return match.group(1).removeprefix("http://testserver")


def _read(url: str):
    """What a calendar app gets: no cookie, no session."""
    return Client().get(url)


def test_the_address_is_shown_once_and_the_feed_needs_no_session(world, signed_in):
    client = signed_in(world.practitioner)
    VisitFactory(family=world.family_a, practitioner=world.practitioner, place="Community centre, room 4")
    url = _address(client)

    # The address is shown only the once
    assert ".ics" not in client.get(reverse("calendar_feed")).content.decode()
    # And a calendar app with no session reads it
    response = _read(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert world.family_a.reference in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "Community centre, room 4"
    assert "no-store" in response["Cache-Control"]


def test_only_a_digest_of_the_token_is_kept(world):
    token = calendar_feed_make(user=world.practitioner)
    feed = CalendarFeed.objects.get(user=world.practitioner, revoked_at__isnull=True)
    assert feed.token_digest == feed_token_digest(token) and token not in feed.token_digest
    assert not CalendarFeed.objects.filter(token_digest__contains=token).exists()


def test_making_a_new_address_stops_the_old_one(world, signed_in):
    client = signed_in(world.practitioner)
    old = _address(client)
    new = _address(client)
    assert old != new
    assert _read(old).status_code == 404
    assert _read(new).status_code == 200
    assert CalendarFeed.objects.filter(user=world.practitioner, revoked_at__isnull=True).count() == 1


def test_a_stopped_address_is_not_found(world, signed_in):
    client = signed_in(world.practitioner)
    url = _address(client)
    assert client.post(reverse("calendar_feed"), {"action": "revoke"}).status_code == 302
    assert _read(url).status_code == 404
    assert "You have no calendar address" in client.get(reverse("calendar_feed")).content.decode()


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 500])
def test_an_unknown_address_is_not_found(db, token):
    assert _read(reverse("calendar_feed_ics", args=[token])).status_code == 404


def test_an_unknown_address_asked_by_someone_signed_in_is_audited_once_without_the_token(world, signed_in):
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    token = "Guessed-token-0123456789"
    response = signed_in(world.colleague).get(reverse("calendar_feed_ics", args=[token]))
    assert response.status_code == 404
    denials = AuditEvent.objects.filter(pk__gt=last, outcome=AuditOutcome.DENIED)
    assert denials.count() == 1
    assert token not in str(denials.get().detail) and token not in denials.get().subject_id


def test_the_feed_of_a_closed_account_is_not_found(world, signed_in):
    url = _address(signed_in(world.practitioner))
    world.practitioner.is_active = False
    world.practitioner.save(update_fields=["is_active"])
    assert _read(url).status_code == 404


def test_the_feed_carries_no_names_notes_or_services(world, signed_in):
    # Given a completed visit with a signed note, a service delivered to a named child, and a caregiver
    family = world.family_a
    carer = CaregiverFactory(family=family, given_name="Ottilie", family_name="Brandywine")
    child = ChildFactory(family=family, given_name="Peregrine", family_name="Brandywine")
    visit = VisitFactory(
        family=family,
        practitioner=world.practitioner,
        visit_on=days(-2),
        status="completed",
        others_present="Grandmother (synthetic)",
        interpreter_language="Tagalog",
        setting="home",
    )
    visit.present.add(subject_of(carer), subject_of(child))
    VisitNoteFactory(
        visit=visit, signed=True, observed="Synthetic-observation-text", next_steps="Synthetic-plan"
    )
    service = ServiceType.objects.get(code="child_parent_psychotherapy")
    VisitService.objects.create(
        organization=family.organization,
        visit=visit,
        service_type=service,
        subject=subject_of(child),
        delivered_by=world.practitioner,
    )

    # When the calendar app reads the feed
    text = _read(_address(signed_in(world.practitioner))).content.decode()

    # Then it has the visit, its reference and place, and nothing else about the family or the visit
    assert family.reference in text and "LOCATION:Home" in text
    for secret in (
        family.name,
        "Ottilie",
        "Peregrine",
        "Brandywine",
        "Synthetic-observation-text",
        "Synthetic-plan",
        "Grandmother",
        "Tagalog",
        service.name,
        "psychotherapy",
        world.practitioner.first_name,
        world.practitioner.last_name,
        world.practitioner.email,
        "Completed",
    ):
        assert secret.lower() not in text.lower(), secret
    assert "DESCRIPTION" not in text


def test_a_cancelled_visit_is_published_as_cancelled(world, signed_in):
    kept = VisitFactory(family=world.family_a, practitioner=world.practitioner, visit_on=days(3))
    cancelled = VisitFactory(
        family=world.family_a,
        practitioner=world.practitioner,
        visit_on=days(4),
        status="cancelled",
        cancelled_by="family",
        status_note="Synthetic reason: the baby is unwell",
    )
    calendar = Calendar.from_ical(_read(_address(signed_in(world.practitioner))).content)
    status = {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert status == {f"{kept.uuid}@nestling": "CONFIRMED", f"{cancelled.uuid}@nestling": "CANCELLED"}
    assert b"unwell" not in calendar.to_ical()


def test_the_feed_holds_only_the_owners_visits_to_families_they_may_open(world, signed_in):
    mine = VisitFactory(family=world.family_a, practitioner=world.practitioner, visit_on=days(1))
    VisitFactory(family=world.family_c, practitioner=world.colleague, visit_on=days(1))
    # A visit they were on to a family they no longer carry
    gone = VisitFactory(family=world.family_c, practitioner=world.practitioner, visit_on=days(-1))
    # And one long ago, outside what the feed gives
    VisitFactory(
        family=world.family_a, practitioner=world.practitioner, visit_on=days(-400), status="completed"
    )
    calendar = Calendar.from_ical(_read(_address(signed_in(world.practitioner))).content)
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [f"{mine.uuid}@nestling"]
    assert gone.family.reference not in calendar.to_ical().decode()


def test_each_read_of_the_feed_is_audited_as_the_owners_read_of_each_household(world, signed_in):
    VisitFactory(family=world.family_a, practitioner=world.practitioner)
    VisitFactory(family=world.family_b, practitioner=world.practitioner, visit_on=days(2))
    url = _address(signed_in(world.practitioner))
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _read(url)
    rows = AuditEvent.objects.filter(pk__gt=last, subject_type="calendar_feed")
    assert {r.family_uuid for r in rows.filter(category="family")} == {
        world.family_a.uuid,
        world.family_b.uuid,
    }
    assert {r.actor_id for r in rows} == {world.practitioner.pk}
    assert all("calendar app" in r.reason for r in rows)


def test_visit_times_are_local_times_of_the_installations_time_zone(world, signed_in, settings):
    # Given an installation in Chicago and a visit booked at 9:15 for 50 minutes
    settings.TIME_ZONE = "America/Chicago"
    VisitFactory(
        family=world.family_a,
        practitioner=world.practitioner,
        visit_on=days(30),
        starts_at=datetime.time(9, 15),
        duration_minutes=50,
    )
    # When the calendar app reads it, then it is 9:15 there, with the zone's definition in the file
    text = _read(_address(signed_in(world.practitioner))).content
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.hour, start.minute, (end - start).total_seconds()) == (9, 15, 50 * 60)
    assert str(start.tzinfo) == "America/Chicago"
    assert b"BEGIN:VTIMEZONE" in text and b"TZID:America/Chicago" in text
