from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.families import (
    CaregiverFactory,
    CaseloadAssignmentFactory,
    ChildFactory,
    EnrollmentFactory,
    FamilyFactory,
    RelationshipFactory,
)
from tests.factories.screening import SafetyAlertFactory, ScreeningResultFactory

TODAY = datetime.date.today()


def _days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def _busy_family(world):
    """A family on the practitioner's caseload with a 6-week-old baby born while enrolled, a result
    and an open safety alert."""
    family = FamilyFactory(program=world.program)
    CaseloadAssignmentFactory(family=family, practitioner=world.practitioner)
    EnrollmentFactory(family=family, enrolled_on=_days_ago(120))
    relation = RelationshipFactory(
        family=family, child=ChildFactory(family=family, date_of_birth=_days_ago(42))
    )
    result = ScreeningResultFactory(
        family=family,
        caregiver=relation.caregiver,
        administered_on=_days_ago(100),
        administered_by=world.practitioner,
    )
    SafetyAlertFactory(result=result, practitioner=world.practitioner)
    return family, relation


def _queries_for_caseload(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("caseload"))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_caseload_page_costs_the_same_queries_for_2_or_30_families(world, signed_in):
    client = signed_in(world.practitioner)
    client.get(reverse("caseload"))  # warm the session and authenticator checks
    small = _queries_for_caseload(client)
    for _ in range(28):
        _busy_family(world)
    large = _queries_for_caseload(client)
    assert large == small
    # 12 for the page and its families, 8 for what they need (people, enrollments, results, schedules,
    # follow-ups, alerts: each read once for the whole caseload).
    assert small <= 20


def test_the_family_page_costs_the_same_queries_with_a_larger_care_team(world, signed_in):
    client = signed_in(world.practitioner)
    url = reverse("family_detail", args=[world.family_a.uuid])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for person in (world.colleague, world.supervisor, world.manager):
        CaseloadAssignmentFactory(family=world.family_a, practitioner=person, kind="secondary")
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)


def test_a_new_practitioner_sees_what_to_do_next(world, signed_in):
    world.family_a.assignments.all().delete()
    world.family_b.assignments.all().delete()
    response = signed_in(world.practitioner).get(reverse("caseload"))
    assert "No families yet" in response.content.decode()


def test_the_caseload_lists_only_current_families_with_links(world, signed_in):
    body = signed_in(world.practitioner).get(reverse("caseload")).content.decode()
    assert "Household A" in body and "Household B" in body
    assert "Household C" not in body
    assert reverse("family_detail", args=[world.family_a.uuid]) in body


def test_the_caseload_shows_what_each_family_needs(world, signed_in):
    # Given a mother whose baby was born 6 weeks ago while the family was enrolled, with an open alert
    family, relation = _busy_family(world)
    mother = relation.caregiver.given_name
    # When the practitioner opens the caseload
    body = signed_in(world.practitioner).get(reverse("caseload")).content.decode()
    # Then the row names the 6-week EPDS as due, and links to the open alert
    assert f"EPDS due · {mother}" in body
    alert = family.safety_alerts.get()
    assert "Safety alert open" in body
    assert reverse("safety_alert", args=[family.uuid, alert.uuid]) in body
    assert "1 open safety alert" in body


def test_only_families_that_need_something_can_be_shown(world, signed_in):
    family, _ = _busy_family(world)
    client = signed_in(world.practitioner)
    everyone = client.get(reverse("caseload")).content.decode()
    assert "Household A" in everyone and family.name in everyone
    needing = client.get(reverse("caseload") + "?show=attention").content.decode()
    assert family.name in needing
    assert "Household A" not in needing  # nothing due: no enrollment, no children
    assert "Show all families" in needing


def test_the_supervisor_sees_what_each_supervisees_families_need(world, signed_in):
    client = signed_in(world.supervisor)
    client.get(reverse("team"))
    with CaptureQueriesContext(connection) as before:
        assert client.get(reverse("team")).status_code == 200
    family, _ = _busy_family(world)
    _busy_family(world)
    # And a family enrolled 60 days ago whose caregiver never had the enrollment PHQ-9
    late = FamilyFactory(program=world.program)
    CaseloadAssignmentFactory(family=late, practitioner=world.practitioner)
    EnrollmentFactory(family=late, enrolled_on=_days_ago(60))
    CaregiverFactory(family=late)
    with CaptureQueriesContext(connection) as after:
        body = client.get(reverse("team")).content.decode()
    assert family.name in body and late.name in body
    assert "2 open safety alerts" in body
    assert "1 screen overdue" in body
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_team_page_says_how_fast_each_supervisees_safety_alerts_were_answered(world, signed_in):
    import datetime as dt

    from django.utils import timezone

    from tests.factories.screening import FollowUpTaskFactory

    # Given three alerts on the practitioner's screens this quarter: answered in 10 and 50 minutes, one open
    family, relation = _busy_family(world)  # (its alert stays open)
    now = timezone.now()
    for minutes in (10, 50):
        result = ScreeningResultFactory(
            family=family, caregiver=relation.caregiver, administered_by=world.practitioner
        )
        SafetyAlertFactory(
            result=result,
            practitioner=world.practitioner,
            raised_at=now - dt.timedelta(hours=2),
            responded_at=now - dt.timedelta(hours=2) + dt.timedelta(minutes=minutes),
            responded_by=world.supervisor,
            response="safety_assessment_done",
        )
    # And a follow-up task a week past its date
    FollowUpTaskFactory(result=result, due_on=_days_ago(7))
    body = signed_in(world.supervisor).get(reverse("team")).content.decode()
    # Then the practitioner's row gives the count and the median time to response, and the late follow-up
    assert "Safety alerts in the last 90 days: 3, answered in a median of 30 minutes." in body
    assert "1 follow-up overdue" in body
