"""Closing the follow-up a positive screen asks for: once, with what was done, by whoever may edit the
family; the lists on the family, screening and caseload pages drop it, and the result says how it ended."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from nestling.audit.models import AuditAction, AuditEvent
from nestling.records.errors import RecordInvalid
from nestling.screening.attention import caseload_attention
from nestling.screening.services import follow_up_task_complete, screening_record
from nestling.tasks.models import Task
from tests.factories.families import CaregiverFactory, CaseloadAssignmentFactory

TODAY = datetime.date.today()
POSITIVE_PHQ9 = [2, 2, 2, 1, 1, 1, 1, 0, 0]  # total 10, moderate


@pytest.fixture
def task(world):
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan")
    screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=POSITIVE_PHQ9,
        by=world.practitioner,
        administered_on=TODAY,
    )
    return Task.objects.select_related("family").get()


def _url(task) -> str:
    return reverse("follow_up", args=[task.family.uuid, task.uuid])


def test_a_task_closes_with_what_was_done_and_the_change_is_audited(world, task):
    closed = follow_up_task_complete(
        task=task, by=world.practitioner, kind="referral_made", note="Perinatal team", version=1
    )
    assert not closed.is_open
    assert (closed.done_by, closed.outcome, closed.outcome_note) == (
        world.practitioner,
        "referral_made",
        "Perinatal team",
    )
    event = AuditEvent.objects.get(action=AuditAction.CHANGE, subject_id=str(task.uuid))
    assert event.detail["after"]["outcome"] == "referral_made"


@pytest.mark.parametrize(
    ("outcome", "note", "field"),
    [("", "", "kind"), ("made_up", "", "kind"), ("other", " ", "note")],
)
def test_a_task_is_not_closed_without_an_outcome_or_other_without_a_note(world, task, outcome, note, field):
    with pytest.raises(RecordInvalid) as refusal:
        follow_up_task_complete(task=task, by=world.practitioner, kind=outcome, note=note, version=1)
    assert field in refusal.value.errors
    task.refresh_from_db()
    assert task.is_open


def test_a_task_someone_already_closed_is_refused_naming_who(world, task):
    # The colleague carries the family too (a secondary assignment), so may close its tasks.
    CaseloadAssignmentFactory(family=world.family_a, practitioner=world.colleague, kind="secondary")
    follow_up_task_complete(task=task, by=world.practitioner, kind="discussed", version=1)
    with pytest.raises(RecordInvalid) as refusal:
        follow_up_task_complete(task=task, by=world.colleague, kind="declined", version=1)
    assert world.practitioner.display_name in refusal.value.errors[""][0]
    task.refresh_from_db()
    assert task.outcome == "discussed"


def test_the_database_refuses_a_done_task_without_an_outcome(world, task):
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.update(done_at=datetime.datetime.now(datetime.UTC), done_by=world.practitioner)


def test_a_closed_task_leaves_the_caseload_count(world, task):
    assert caseload_attention(families=[world.family_a], on=TODAY)[world.family_a.pk].follow_ups == 1
    follow_up_task_complete(task=task, by=world.practitioner, kind="already_in_care", version=1)
    assert caseload_attention(families=[world.family_a], on=TODAY)[world.family_a.pk].follow_ups == 0


def test_a_practitioner_closes_a_task_from_the_family_page(world, signed_in, task):
    client = signed_in(world.practitioner)
    # Given the family page, which lists the open task with a link to record what was done
    family_page = client.get(reverse("family_detail", args=[world.family_a.uuid])).content.decode()
    assert _url(task) in family_page and "Record what was done" in family_page
    # When the form is sent empty, nothing closes and the problem is named
    empty = client.post(_url(task), {"version": "1", "kind": "", "note": ""})
    assert empty.status_code == 200 and "Choose what was done." in empty.content.decode()
    # When a referral is recorded
    response = client.post(_url(task), {"version": "1", "kind": "referral_made", "note": ""})
    assert response.status_code == 302
    # Then the task page says who closed it, the family page no longer lists it
    page = client.get(_url(task)).content.decode()
    assert "Referral made" in page and world.practitioner.display_name in page
    assert "Record and close the task" not in page
    assert _url(task) not in client.get(reverse("family_detail", args=[world.family_a.uuid])).content.decode()
    # And the result that raised it says how it was followed up
    task.refresh_from_db()
    result_page = client.get(reverse("screening_result", args=[world.family_a.uuid, task.source.uuid]))
    assert "Followed up: Referral made" in result_page.content.decode()


def test_a_supervisor_reads_the_task_without_the_form_and_cannot_close_it(world, signed_in, task):
    client = signed_in(world.supervisor)
    page = client.get(_url(task)).content.decode()
    assert "Follow up the positive" in page and "Record and close the task" not in page
    refused = client.post(_url(task), {"version": "1", "kind": "discussed", "note": ""})
    assert refused.status_code == 404
    task.refresh_from_db()
    assert task.is_open


def test_a_close_sent_from_a_stale_page_is_refused(world, task):
    Task.objects.filter(pk=task.pk).update(version=2)
    with pytest.raises(RecordInvalid) as refusal:
        follow_up_task_complete(task=task, by=world.practitioner, kind="discussed", version=1)
    assert "changed while you had it open" in refusal.value.errors[""][0]


def test_screen_again_soon_opens_a_task_that_giving_the_screen_again_closes(world, task):
    # When the practitioner closes the positive PHQ-9's task with "screen again soon", in 10 days
    on = TODAY + datetime.timedelta(days=10)
    follow_up_task_complete(
        task=task, by=world.practitioner, kind="rescreen_planned", version=1, rescreen_on=on
    )
    # Then a task to give the PHQ-9 again is open, due that day
    again = Task.objects.get(kind="rescreen")
    assert again.is_open and again.due_on == on and again.source == task.source
    assert again.text.startswith("Give the Patient Health Questionnaire-9 (PHQ-9) again")
    # When the PHQ-9 is given again to the same mother, that task closes by itself
    result = screening_record(
        family=world.family_a,
        subject=task.source.person,
        instrument_id="phq-9",
        answers=[0] * 9,
        by=world.practitioner,
        administered_on=TODAY,
    )
    again.refresh_from_db()
    assert again.outcome == "follow_on_given" and "None-minimal" in again.outcome_note
    assert result.band == "minimal"


def test_a_rescreen_date_in_the_past_is_refused(world, task):
    with pytest.raises(RecordInvalid) as refusal:
        follow_up_task_complete(
            task=task,
            by=world.practitioner,
            kind="rescreen_planned",
            version=1,
            rescreen_on=TODAY - datetime.timedelta(days=1),
        )
    assert "rescreen_on" in refusal.value.errors
    task.refresh_from_db()
    assert task.is_open


def test_another_persons_screen_does_not_close_the_rescreen(world, task):
    follow_up_task_complete(task=task, by=world.practitioner, kind="rescreen_planned", version=1)
    sister = CaregiverFactory(family=world.family_a, given_name="Sky")
    screening_record(
        family=world.family_a,
        subject=sister,
        instrument_id="phq-9",
        answers=[0] * 9,
        by=world.practitioner,
        administered_on=TODAY,
    )
    again = Task.objects.get(kind="rescreen")
    assert again.is_open and again.due_on == TODAY + datetime.timedelta(days=14)


def test_the_rescreen_date_is_asked_on_a_screens_task_page(world, signed_in, task):
    client = signed_in(world.practitioner)
    assert 'name="rescreen_on"' in client.get(_url(task)).content.decode()
    on = (TODAY + datetime.timedelta(days=7)).isoformat()
    data = {"version": "1", "kind": "rescreen_planned", "note": "", "rescreen_on": on}
    assert client.post(_url(task), data).status_code == 302
    assert Task.objects.get(kind="rescreen").due_on.isoformat() == on


def test_a_growth_task_page_asks_no_rescreen_date(world, signed_in):
    from tests.factories.families import ChildFactory
    from tests.factories.growth import MeasurementFactory

    baby = ChildFactory(family=world.family_a, date_of_birth=TODAY - datetime.timedelta(days=90))
    measurement = MeasurementFactory(child=baby, measured_by=world.practitioner)
    growth_task = Task.objects.create(
        organization=world.family_a.organization,
        family=world.family_a,
        source=measurement,
        kind="faltering_growth",
        text="Review the weight with the family.",
        due_on=TODAY,
    )
    client = signed_in(world.practitioner)
    html = client.get(_url(growth_task)).content.decode()
    assert "Review the weight" in html and 'name="rescreen_on"' not in html
    data = {"version": "1", "kind": "rescreen_planned", "note": ""}
    assert client.post(_url(growth_task), data).status_code == 302
    assert not Task.objects.filter(kind="rescreen").exists()


def test_a_close_sent_after_a_colleague_closed_the_task_says_who_did(world, signed_in, task):
    # Given the page open, and the task closed meanwhile from elsewhere
    client = signed_in(world.practitioner)
    CaseloadAssignmentFactory(family=world.family_a, practitioner=world.colleague, kind="secondary")
    follow_up_task_complete(task=task, by=world.colleague, kind="referral_made", version=1)
    # When the practitioner sends their close from the page they had open
    response = client.post(_url(task), {"version": "1", "kind": "discussed", "note": ""})
    # Then nothing changes, and the page says who closed it and what they recorded
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{world.colleague.display_name} closed this task on" in html
    assert "Referral made" in html
    task.refresh_from_db()
    assert task.outcome == "referral_made"
