"""A screen recorded by mistake is marked entered in error, never deleted: it stays in the history, marked,
and stops counting (due again, off the charts, its follow-up closed); not while its safety alert is open."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from nestling.audit.models import AuditAction, AuditEvent
from nestling.families.age import CorrectionRule
from nestling.records.errors import RecordInvalid
from nestling.screening.models import SafetyAlert, ScreeningResult
from nestling.screening.selectors import family_screening
from nestling.screening.services import (
    screening_record,
    screening_result_mark_entered_in_error,
)
from nestling.tasks.models import Task
from tests.factories.families import CaregiverFactory, EnrollmentFactory
from tests.factories.screening import answer_alert

TODAY = datetime.date.today()
POSITIVE = [2, 2, 2, 1, 1, 1, 1, 0, 0]  # PHQ-9 total 10


@pytest.fixture
def mother(world):
    EnrollmentFactory(family=world.family_a, enrolled_on=TODAY)
    return CaregiverFactory(family=world.family_a, given_name="Rowan")


def _record(world, mother, answers=POSITIVE):
    return screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=answers,
        by=world.practitioner,
        administered_on=TODAY,
    )


def _due(world, mother) -> list[str]:
    people = family_screening(family=world.family_a, on=TODAY, rule=CorrectionRule())
    return [d.definition.id for p in people if p.subject == mother for d in p.due]


def test_a_screen_marked_entered_in_error_stops_counting_and_its_follow_up_closes(world, mother):
    result = _record(world, mother)
    assert _due(world, mother) == []
    marked = screening_result_mark_entered_in_error(
        result=result, by=world.practitioner, reason="Given to the wrong caregiver", version=1
    )
    # Then it is kept, marked, with who and why; the PHQ-9 is due again; the follow-up task is closed
    assert ScreeningResult.objects.filter(pk=result.pk).exists()
    assert marked.is_entered_in_error and marked.entered_in_error_by == world.practitioner
    assert marked.total == 10 and marked.answers == POSITIVE  # nothing else about it changes
    assert _due(world, mother) == ["phq-9"]
    task = Task.objects.get(result=result)
    assert (task.outcome, task.outcome_note) == ("entered_in_error", "Given to the wrong caregiver")
    event = AuditEvent.objects.get(action=AuditAction.CHANGE, subject_id=str(result.uuid))
    assert event.detail["entered_in_error"] == "Given to the wrong caregiver"


def test_it_needs_a_reason_and_happens_once(world, mother):
    result = _record(world, mother)
    with pytest.raises(RecordInvalid) as no_reason:
        screening_result_mark_entered_in_error(result=result, by=world.practitioner, reason="  ", version=1)
    assert "reason" in no_reason.value.errors
    screening_result_mark_entered_in_error(
        result=result, by=world.practitioner, reason="Wrong form", version=1
    )
    with pytest.raises(RecordInvalid) as again:
        screening_result_mark_entered_in_error(
            result=result, by=world.practitioner, reason="Twice", version=2
        )
    assert "already marked" in again.value.errors[""][0]


def test_a_screen_with_an_open_safety_alert_is_not_marked_until_the_alert_is_answered(world, mother):
    result = _record(world, mother, answers=[0, 0, 0, 0, 0, 0, 0, 0, 1])  # item 9 "several days"
    with pytest.raises(RecordInvalid) as refusal:
        screening_result_mark_entered_in_error(
            result=result, by=world.practitioner, reason="Wrong", version=1
        )
    assert "safety alert first" in refusal.value.errors[""][0]
    answer_alert(SafetyAlert.objects.get(), world.practitioner)
    result.refresh_from_db()
    screening_result_mark_entered_in_error(
        result=result, by=world.practitioner, reason="Wrong", version=result.version
    )


def test_a_practitioner_marks_a_screen_from_its_page_and_the_history_says_so(world, signed_in, mother):
    result = _record(world, mother)
    client = signed_in(world.practitioner)
    result_url = reverse("screening_result", args=[world.family_a.uuid, result.uuid])
    mark_url = reverse("screening_result_entered_in_error", args=[world.family_a.uuid, result.uuid])
    assert mark_url in client.get(result_url).content.decode()
    client.get(mark_url)
    assert AuditEvent.objects.filter(action=AuditAction.READ, subject_id=str(result.uuid)).exists()
    # When the form is sent without a reason, nothing changes
    empty = client.post(mark_url, {"version": "1", "reason": ""})
    assert "Say what went wrong" in empty.content.decode()
    # When it is sent with one
    assert (
        client.post(mark_url, {"version": "1", "reason": "Given to the wrong caregiver"}).status_code == 302
    )
    page = client.get(result_url).content.decode()
    assert 'data-testid="entered-in-error"' in page and "Given to the wrong caregiver" in page
    assert mark_url not in page
    history = client.get(reverse("family_screening", args=[world.family_a.uuid])).content.decode()
    assert "Entered in error" in history


def test_a_supervisor_cannot_mark_a_screen_entered_in_error(world, signed_in, mother):
    result = _record(world, mother)
    client = signed_in(world.supervisor)
    mark_url = reverse("screening_result_entered_in_error", args=[world.family_a.uuid, result.uuid])
    assert (
        mark_url
        not in client.get(
            reverse("screening_result", args=[world.family_a.uuid, result.uuid])
        ).content.decode()
    )
    assert client.post(mark_url, {"version": "1", "reason": "no"}).status_code == 404
    result.refresh_from_db()
    assert not result.is_entered_in_error


def test_a_screen_entered_in_error_leaves_the_chart(world, mother):
    from nestling.screening.charts import results_charts
    from nestling.screening.selectors import results_for

    kept = _record(world, mother, answers=[0] * 9)
    wrong = _record(world, mother)
    screening_result_mark_entered_in_error(
        result=wrong, by=world.practitioner, reason="Wrong person", version=1
    )
    (chart,) = results_charts(subject=mother, results=results_for(family=world.family_a, subject=mother))
    assert [p.result for p in chart.points] == [kept]
