"""The week's schedule: Monday to Sunday, other weeks and a date picker, clashes marked, a supervisor's view
of a supervisee's week, bad input answered with a clear error, the same queries however many visits."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nestling.audit.models import AuditEvent
from nestling.worklist.week import week_start
from tests.factories.worklist import VisitFactory
from tests.worklist.conftest import days

# A Wednesday, three weeks back: its week is Monday 2 to Sunday 8 in whatever month it falls.
WEDNESDAY = week_start(datetime.date.today()) - datetime.timedelta(days=19)
MONDAY = WEDNESDAY - datetime.timedelta(days=2)
SUNDAY = WEDNESDAY + datetime.timedelta(days=4)


def _visit(world, on, hour=10, minute=0, minutes=60, **fields):
    fields.setdefault("practitioner", world.practitioner)
    fields.setdefault("family", world.family_a)
    return VisitFactory(
        visit_on=on, starts_at=datetime.time(hour, minute), duration_minutes=minutes, **fields
    )


def _week(client, **query):
    response = client.get(reverse("week_schedule"), query)
    assert response.status_code == 200
    return response


def test_the_week_holds_monday_to_sunday_and_nothing_either_side(world, signed_in):
    # Given visits on the Sunday before, the Monday, the Sunday, and the Monday after
    before = _visit(world, MONDAY - datetime.timedelta(days=1))
    first = _visit(world, MONDAY)
    last = _visit(world, SUNDAY, hour=18)
    after = _visit(world, SUNDAY + datetime.timedelta(days=1))

    # When the practitioner asks for the week of the Wednesday between
    week = _week(signed_in(world.practitioner), week=WEDNESDAY.isoformat()).context["week"]

    # Then the week runs Monday to Sunday and holds only the two inside it
    assert (week.monday, week.sunday) == (MONDAY, SUNDAY)
    assert [d.on.weekday() for d in week.days] == [0, 1, 2, 3, 4, 5, 6]
    shown = [v.visit for v in week.visits]
    assert shown == [first, last] and before not in shown and after not in shown
    assert week.previous == MONDAY - datetime.timedelta(days=7)
    assert week.next == MONDAY + datetime.timedelta(days=7)


def test_each_visit_shows_its_time_length_reference_setting_and_status(world, signed_in):
    _visit(
        world, WEDNESDAY, hour=9, minute=30, minutes=45, setting="clinic", place="Riverbend clinic, room 2"
    )
    body = _week(signed_in(world.practitioner), week=WEDNESDAY.isoformat()).content.decode()
    for text in (
        "09:30",
        "10:15",
        "45 min",
        world.family_a.reference,
        "Clinic or office",
        "Riverbend clinic, room 2",
        "Scheduled",
    ):
        assert text in body, text
    # And links to the other weeks
    assert f"?week={(MONDAY - datetime.timedelta(days=7)).isoformat()}" in body
    assert f"?week={(MONDAY + datetime.timedelta(days=7)).isoformat()}" in body


def test_without_a_date_it_is_this_week(world, signed_in):
    week = _week(signed_in(world.practitioner)).context["week"]
    assert week.monday == week_start(datetime.date.today())


def test_overlapping_visits_are_marked_as_clashing_and_a_cancelled_or_missed_one_is_not(world, signed_in):
    # Given two visits that overlap, one back to back with them, a cancelled and a missed one at that time
    a = _visit(world, WEDNESDAY, hour=10)
    b = _visit(world, WEDNESDAY, hour=10, minute=30, family=world.family_b)
    c = _visit(world, WEDNESDAY, hour=11, minute=30)
    d = _visit(world, WEDNESDAY, hour=10, status="cancelled", cancelled_by="family")
    e = _visit(world, WEDNESDAY, hour=10, minute=15, status="missed", missed_reason="not_home")

    # When the practitioner opens that week
    response = _week(signed_in(world.practitioner), week=WEDNESDAY.isoformat())

    # Then the two are marked and counted; the others are not
    marks = {v.visit: v.clashes for v in response.context["week"].visits}
    assert marks == {a: True, b: True, c: False, d: False, e: False}
    body = response.content.decode()
    assert 'data-testid="week-clashes"' in body and body.count("week__visit--clash") == 2


def test_a_visit_the_practitioner_joins_is_on_their_week(world, signed_in):
    joined = _visit(world, WEDNESDAY, practitioner=world.colleague, family=world.family_c)
    joined.co_practitioners.add(world.practitioner)
    week = _week(signed_in(world.practitioner), week=WEDNESDAY.isoformat()).context["week"]
    # The colleague's family is not the practitioner's to open: the visit is counted, not shown
    assert week.visits == [] and week.left_out == 1
    world.family_c.assignments.create(
        organization=world.org, practitioner=world.practitioner, kind="secondary", starts_on=days(-5)
    )
    week = _week(signed_in(world.practitioner), week=WEDNESDAY.isoformat()).context["week"]
    assert [(v.visit, v.leads) for v in week.visits] == [(joined, False)]


@pytest.mark.parametrize("typed", ["not a date", "2026-02-30", "9999-12-31", "1900-01-01"])
def test_a_date_that_cannot_be_shown_gets_a_clear_error_and_this_week(world, signed_in, typed):
    response = _week(signed_in(world.practitioner), week=typed)
    assert response.context["form"].errors["week"]
    assert response.context["week"].monday == week_start(datetime.date.today())
    assert "There is a problem" in response.content.decode()


def test_a_supervisor_sees_a_supervisees_week_and_no_one_elses(world, signed_in):
    mine = _visit(world, WEDNESDAY)
    _visit(world, WEDNESDAY, practitioner=world.colleague, family=world.family_c)
    client = signed_in(world.supervisor)

    response = _week(client, week=WEDNESDAY.isoformat(), practitioner=str(world.practitioner.uuid))
    assert [v.visit for v in response.context["week"].visits] == [mine]
    assert response.context["practitioner"] == world.practitioner

    refused = client.get(reverse("week_schedule"), {"practitioner": str(world.colleague.uuid)})
    assert refused.status_code == 404
    assert world.family_c.reference not in refused.content.decode()


def test_a_practitioner_sees_only_their_own_week(world, signed_in):
    _visit(world, WEDNESDAY, practitioner=world.colleague, family=world.family_c)
    client = signed_in(world.practitioner)
    assert (
        client.get(reverse("week_schedule"), {"practitioner": str(world.colleague.uuid)}).status_code == 404
    )
    assert _week(client, week=WEDNESDAY.isoformat()).context["week"].visits == []


def test_reading_the_week_audits_a_read_of_each_household_shown(world, signed_in):
    _visit(world, WEDNESDAY)
    _visit(world, WEDNESDAY, hour=14, family=world.family_b)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _week(signed_in(world.practitioner), week=WEDNESDAY.isoformat())
    reads = AuditEvent.objects.filter(pk__gt=last, subject_type="week_schedule", category="family")
    assert {r.family_uuid for r in reads} == {world.family_a.uuid, world.family_b.uuid}


def test_the_week_costs_the_same_queries_for_one_visit_or_twenty(world, signed_in):
    client = signed_in(world.practitioner)
    _visit(world, WEDNESDAY)
    _week(client, week=WEDNESDAY.isoformat())
    with CaptureQueriesContext(connection) as small:
        _week(client, week=WEDNESDAY.isoformat())
    for n in range(19):
        _visit(
            world,
            MONDAY + datetime.timedelta(days=n % 7),
            hour=8 + n // 7 * 3,
            family=[world.family_a, world.family_b][n % 2],
        )
    with CaptureQueriesContext(connection) as large:
        response = _week(client, week=WEDNESDAY.isoformat())
    assert len(response.context["week"].visits) == 20
    assert len(large.captured_queries) == len(small.captured_queries)
