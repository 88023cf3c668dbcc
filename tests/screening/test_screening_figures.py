"""The program manager's screening figures: screens given and positive, safety alerts with the median time to
response, follow-ups open and overdue, per program, in a fixed number of queries and naming nobody."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nestling.screening.services import screening_record, screening_result_mark_entered_in_error
from tests.factories.families import CaregiverFactory
from tests.factories.screening import SafetyAlertFactory, ScreeningResultFactory

TODAY = dt.date.today()


def _give(world, mother, answers):
    return screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=answers,
        by=world.practitioner,
        administered_on=TODAY,
    )


def test_the_program_overview_counts_the_programs_screening(world, signed_in):
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan")
    client = signed_in(world.manager)
    client.get(reverse("program_overview"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("program_overview"))
    # Given two PHQ-9s this quarter, one positive; a third entered in error; an old one outside the period
    _give(world, mother, [0] * 9)
    _give(world, mother, [2, 2, 2, 1, 1, 1, 1, 0, 0])  # positive: raises a follow-up task
    wrong = _give(world, mother, [0] * 9)
    screening_result_mark_entered_in_error(result=wrong, by=world.practitioner, reason="Wrong", version=1)
    ScreeningResultFactory(
        family=world.family_a,
        administered_by=world.practitioner,
        administered_on=TODAY - dt.timedelta(days=200),
    )
    # And two alerts this quarter, one answered after 40 minutes, one still open
    raised = timezone.now() - dt.timedelta(hours=3)
    result = ScreeningResultFactory(family=world.family_a, administered_by=world.practitioner)
    SafetyAlertFactory(
        result=result,
        raised_at=raised,
        responded_at=raised + dt.timedelta(minutes=40),
        responded_by=world.practitioner,
        response="safety_assessment_done",
    )
    SafetyAlertFactory(result=result)
    with CaptureQueriesContext(connection) as after:
        html = client.get(reverse("program_overview")).content.decode()
    # Then the program's row has the figures (the factory result of today counts too: 3 given)
    row = html[html.index("Screening, last 90 days") :]
    row = row[row.index(world.program.name) :]
    cells = [c.split("<")[0] for c in row.split('<td class="numeric">')[1:5]]
    assert cells[:2] == ["3", "1"]
    assert cells[2].startswith("2")
    assert "1 open" in row and "40 minutes" in row
    assert cells[3].startswith("1 (0)")
    # And nobody is named, and the page costs the same queries as before
    assert "Rowan" not in html
    assert len(after.captured_queries) == len(before.captured_queries)
