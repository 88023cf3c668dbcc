"""Recording a screen: scored with the version stored, once per client id, refused when it does not fit,
with an urgent alert to practitioner and supervisor for a safety item and a task for a positive screen."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import IntegrityError, transaction

from nestling.audit.models import AuditAction, AuditEvent
from nestling.families.age import CorrectionRule
from nestling.records.errors import RecordInvalid
from nestling.screening.models import SafetyAlert, ScreeningResult
from nestling.screening.selectors import family_screening
from nestling.screening.services import screening_record
from nestling.tasks.models import Task
from tests.factories.families import CaregiverFactory, ChildFactory, EnrollmentFactory
from tests.factories.screening import answer_alert

TODAY = datetime.date.today()
PHQ9_ITEM9 = [0, 0, 0, 0, 0, 0, 0, 0, 1]  # total 1, item 9 "several days"


@pytest.fixture
def mother(world):
    return CaregiverFactory(family=world.family_a)


def _record(world, subject, instrument="phq-9", answers=None, **kwargs):
    return screening_record(
        family=world.family_a,
        subject=subject,
        instrument_id=instrument,
        answers=[0] * 9 if answers is None else answers,
        by=world.practitioner,
        administered_on=kwargs.pop("administered_on", TODAY),
        **kwargs,
    )


def test_a_result_keeps_the_definition_version_it_was_scored_with(world, mother):
    # Given a PHQ-9 with answers totalling 11
    answers = [1, 1, 1, 2, 2, 1, 1, 2, 0]
    # When it is recorded
    result = _record(world, mother, answers=answers)
    # Then total, band and version are stored with the answers as positions
    assert (result.total, result.band, result.positive) == (11, "moderate", True)
    assert result.definition == "phq-9@1"
    assert result.answers == answers
    assert result.person == mother and result.subject.kind == "caregiver" and result.respondent == "caregiver"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, subject_id=str(result.uuid)).exists()


def test_a_repeated_submission_with_the_same_client_id_creates_nothing_new(world, mother):
    client_id = uuid.uuid4()
    first = _record(world, mother, client_id=client_id)
    again = _record(world, mother, client_id=client_id)
    assert first.pk == again.pk
    assert ScreeningResult.objects.count() == 1


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        ([0] * 8, "answers", "takes 9-10 answers"),
        ([0] * 8 + [4], "answers", "out of range"),
        ([0] * 8 + [None], "answers", "missing: 9"),
    ],
)
def test_wrong_or_missing_answers_are_refused_and_nothing_is_written(world, mother, answers, field, words):
    with pytest.raises(RecordInvalid) as refusal:
        _record(world, mother, answers=answers)
    assert words in " ".join(refusal.value.errors[field])
    assert not ScreeningResult.objects.exists()


def test_a_missing_context_is_refused(world, mother, grant):
    grant(world.practitioner, "substance_use")  # AUDIT-C's results are substance use information
    with pytest.raises(RecordInvalid) as refusal:
        _record(world, mother, instrument="audit-c", answers=[1, 0, 0])
    assert "sex" in refusal.value.errors["context"][0]


def test_an_instrument_about_a_child_is_refused_for_a_caregiver(world, mother):
    with pytest.raises(RecordInvalid) as refusal:
        _record(world, mother, instrument="swyc-bpsc", answers=[0] * 12)
    assert "about a child" in refusal.value.errors["instrument"][0]


def test_an_instrument_outside_the_childs_age_range_is_refused(world):
    # Given a six-month-old (M-CHAT-R is for 16 to 30 months)
    baby = ChildFactory(family=world.family_a, date_of_birth=TODAY - datetime.timedelta(days=183))
    with pytest.raises(RecordInvalid) as refusal:
        _record(world, baby, instrument="mchat-r", answers=[0] * 20)
    assert "16 to 30 months" in refusal.value.errors["instrument"][0]


def test_a_preterm_child_is_judged_at_corrected_age(world):
    # Given a baby born at 28 weeks, five weeks ago: chronologically 1 month, corrected not yet at term
    baby = ChildFactory(
        family=world.family_a,
        date_of_birth=TODAY - datetime.timedelta(days=40),
        gestation_weeks=28,
    )
    # When a BPSC (from 1 month, corrected age) is recorded, it is refused
    with pytest.raises(RecordInvalid) as refusal:
        _record(world, baby, instrument="swyc-bpsc", answers=[0] * 12)
    assert "corrected age" in refusal.value.errors["instrument"][0]
    # And a term baby of the same age may have it
    term = ChildFactory(family=world.family_a, date_of_birth=TODAY - datetime.timedelta(days=40))
    assert _record(world, term, instrument="swyc-bpsc", answers=[0] * 12).total == 0


def test_a_positive_screen_creates_a_follow_up_task(world, mother):
    result = _record(world, mother, answers=[2, 2, 2, 1, 1, 1, 1, 0, 0])
    task = Task.objects.get()
    assert task.source == result and task.family == world.family_a
    assert task.due_on == TODAY + datetime.timedelta(days=14)
    assert "PHQ-9" in task.text


def test_a_negative_screen_creates_no_task(world, mother):
    _record(world, mother)
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("instrument", "answers"),
    [
        ("phq-9", PHQ9_ITEM9),
        # EPDS item 10 is reverse scored: the first printed option scores 3, the last 0
        ("epds", [0, 0, 3, 0, 3, 3, 3, 3, 3, 2]),
    ],
)
def test_a_self_harm_item_above_0_alerts_the_practitioner_and_their_supervisor(
    world, mother, instrument, answers
):
    result = _record(world, mother, instrument=instrument, answers=answers)
    alert = SafetyAlert.objects.get()
    assert result.flags == ["self_harm"]
    assert (alert.kind, alert.result, alert.family) == ("self_harm", result, world.family_a)
    assert alert.practitioner == world.practitioner
    assert alert.supervisor == world.supervisor
    assert alert.is_open and alert.time_to_response is None


def test_no_alert_when_the_safety_item_is_0(world, mother):
    _record(world, mother, instrument="epds", answers=[0, 0, 3, 0, 3, 3, 3, 3, 3, 3])
    assert not SafetyAlert.objects.exists()


def test_an_alert_cannot_be_closed_without_a_response(world, mother):
    _record(world, mother, answers=PHQ9_ITEM9)
    alert = SafetyAlert.objects.get()
    with pytest.raises(RecordInvalid) as no_risk:
        answer_alert(alert, world.practitioner, risk="")
    with pytest.raises(RecordInvalid) as nothing_done:
        answer_alert(alert, world.practitioner, risk="low", actions=(), note="  ")
    assert "risk" in no_risk.value.errors and "note" in nothing_done.value.errors
    alert.refresh_from_db()
    assert alert.is_open


def test_the_database_refuses_a_closed_alert_without_a_response(world, mother):
    _record(world, mother, answers=PHQ9_ITEM9)
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyAlert.objects.update(responded_at=datetime.datetime.now(datetime.UTC))


def test_a_response_closes_the_alert_and_keeps_the_time_to_response(world, mother):
    _record(world, mother, answers=PHQ9_ITEM9)
    alert = SafetyAlert.objects.get()
    closed = answer_alert(alert, world.supervisor, risk="high", actions=("emergency_services",))
    assert not closed.is_open
    assert closed.responded_by == world.supervisor
    assert closed.time_to_response is not None and closed.time_to_response >= datetime.timedelta(0)
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE, subject_id=str(alert.uuid)).exists()
    # And a second response is refused: the first one stands
    with pytest.raises(RecordInvalid):
        answer_alert(alert, world.practitioner)


def test_a_screen_stopped_early_keeps_its_answers_and_its_safety_alert_but_no_score(world, mother):
    # Given a mother enrolled today, so her enrollment PHQ-9 is due
    EnrollmentFactory(family=world.family_a, enrolled_on=TODAY)
    # When she stops after item 9 ("several days") with items 4 to 8 unanswered
    answers = [1, 1, 0, None, None, None, None, None, 1]
    result = _record(world, mother, answers=answers, stopped_early=True)
    # Then the answers are kept unscored: no total, band, positivity or follow-up task
    assert (result.total, result.band, result.positive, result.is_complete) == (None, "", None, False)
    assert result.answers == answers
    assert not Task.objects.exists()
    # And the self-harm answer raised its alert to the practitioner and supervisor all the same
    alert = SafetyAlert.objects.get()
    assert (alert.result, alert.supervisor) == (result, world.supervisor)
    created = AuditEvent.objects.get(action=AuditAction.CREATE, subject_id=str(result.uuid))
    assert created.detail["stopped_early"] is True
    # And the screen still counts as due
    people = family_screening(family=world.family_a, on=TODAY, rule=CorrectionRule())
    person = next(p for p in people if p.subject == mother)
    assert [d.definition.id for d in person.due] == ["phq-9"]


def test_a_finished_sheet_marked_stopped_early_is_scored_as_usual(world, mother):
    result = _record(world, mother, answers=[1, 1, 1, 2, 2, 1, 1, 2, 0], stopped_early=True)
    assert (result.total, result.band, result.is_complete) == (11, "moderate", True)
    assert Task.objects.filter(result=result).exists()


def test_a_stopped_screen_with_no_answer_at_all_is_refused(world, mother):
    with pytest.raises(RecordInvalid) as refusal:
        _record(world, mother, answers=[None] * 9, stopped_early=True)
    assert "at least one question" in refusal.value.errors["answers"][0]
    assert not ScreeningResult.objects.exists()


@pytest.mark.parametrize(
    ("minutes", "said"),
    [
        (0, "under a minute"),
        (1, "1 minute"),
        (45, "45 minutes"),
        (125, "2 hours 5 minutes"),
        (180, "3 hours"),
        (3 * 24 * 60, "3 days"),
    ],
)
def test_a_wait_is_said_as_a_person_would(minutes, said):
    from nestling.screening.words import wait_in_words

    assert wait_in_words(minutes) == said


def test_a_resubmission_with_changed_answers_is_another_screen_and_its_safety_answer_raises_the_alert(world):
    # Given a PHQ-9 sent with item 9 at 0
    mother = CaregiverFactory(family=world.family_a)
    form_id = uuid.uuid4()
    first = screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=[0] * 9,
        by=world.practitioner,
        administered_on=TODAY,
        client_id=form_id,
    )
    # When the practitioner goes Back, changes item 9 to 3 and sends the same form again
    second = screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=[0] * 8 + [3],
        by=world.practitioner,
        administered_on=TODAY,
        client_id=form_id,
    )
    # Then the changed answers are kept as a screen of their own, and the urgent alert is raised
    assert second.pk != first.pk and second.answers[8] == 3
    assert SafetyAlert.objects.filter(result=second).exists()
    # And sending those same answers once more creates nothing new
    again = screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=[0] * 8 + [3],
        by=world.practitioner,
        administered_on=TODAY,
        client_id=form_id,
    )
    assert again.pk == second.pk and ScreeningResult.objects.filter(subject_id=mother.uuid).count() == 2
