"""The screening pages: giving a screen on a tablet form, the result, the urgent alert on every page for the
practitioner and supervisor, and the response that alone closes it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nestling.audit.models import AuditAction, AuditEvent
from nestling.screening.models import SafetyAlert, ScreeningResult
from tests.factories.families import CaregiverFactory, ChildFactory
from tests.factories.screening import ScreeningResultFactory

TODAY = datetime.date.today()


@pytest.fixture
def mother(world):
    return CaregiverFactory(family=world.family_a, given_name="Rowan")


def _administer(family, subject, kind, instrument):
    return reverse("screening_administer", args=[family.uuid, kind, subject.uuid, instrument])


def _phq9(client, world, mother, item9="1"):
    data = {f"item_{n}": "0" for n in range(1, 9)} | {
        "item_9": item9,
        "administered_on": TODAY.isoformat(),
        "client_id": "",
    }
    return client.post(_administer(world.family_a, mother, "caregiver", "phq-9"), data)


def test_the_phq9_form_shows_each_question_as_a_group_of_choices(world, signed_in, mother):
    body = signed_in(world.practitioner).get(_administer(world.family_a, mother, "caregiver", "phq-9"))
    html = body.content.decode()
    assert html.count("<fieldset") >= 10
    assert "9. Thoughts that you would be better off dead" in html
    assert "More than half the days" in html


def test_an_instrument_without_licensed_wording_shows_numbers_and_says_why(world, signed_in, mother):
    html = (
        signed_in(world.practitioner)
        .get(_administer(world.family_a, mother, "caregiver", "epds"))
        .content.decode()
    )
    assert "Questions shown by number only" in html
    assert "Royal College of Psychiatrists" in html
    assert "Question 10" in html and "Option 1 (scores 3)" in html


def test_a_practitioner_gives_a_phq9_with_item_9_positive_and_sees_the_urgent_alert(world, signed_in, mother):
    client = signed_in(world.practitioner)
    # When the practitioner saves a PHQ-9 whose item 9 is "several days"
    response = _phq9(client, world, mother)
    # Then the result page shows the band, and the urgent alert is on the page
    result = ScreeningResult.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("screening_result", args=[world.family_a.uuid, result.uuid])
    body = client.get(response["Location"]).content.decode()
    assert "None-minimal" in body
    assert "A safety item was answered above 0" in body
    assert 'data-testid="urgent-alerts"' in body
    # And the supervisor sees the alert on any page, a colleague does not
    supervisor_page = signed_in(world.supervisor).get(reverse("team")).content.decode()
    assert "Urgent: a safety alert needs a response" in supervisor_page
    colleague_page = signed_in(world.colleague).get(reverse("caseload")).content.decode()
    assert "safety alert" not in colleague_page


def test_the_alert_stays_open_until_a_response_is_recorded(world, signed_in, mother):
    client = signed_in(world.practitioner)
    _phq9(client, world, mother, item9="2")
    alert = SafetyAlert.objects.get()
    url = reverse("safety_alert", args=[world.family_a.uuid, alert.uuid])
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    # When the response form is sent empty, or at imminent risk with nothing done
    assert "Choose the risk you assessed" in client.post(url, {"responded_at": now}).content.decode()
    nothing_done = client.post(url, {"risk": "imminent", "responded_at": now}).content.decode()
    assert "At imminent risk something is done to keep the person safe" in nothing_done
    alert.refresh_from_db()
    assert alert.is_open
    # When the supervisor records a high risk and the emergency services called
    supervisor = signed_in(world.supervisor)
    answer = {"risk": "high", "actions": ["emergency_services"], "note": "", "responded_at": now}
    assert supervisor.post(url, answer).status_code == 302
    alert.refresh_from_db()
    assert not alert.is_open and alert.responded_by == world.supervisor
    assert "under a minute after it was raised" in supervisor.get(url).content.decode()
    # Then the banner is gone for both
    assert 'data-testid="urgent-alerts"' not in supervisor.get(reverse("team")).content.decode()


def test_a_refused_answer_sheet_keeps_what_was_chosen(world, signed_in, mother):
    data = {"item_1": "2", "administered_on": TODAY.isoformat(), "client_id": ""}
    response = signed_in(world.practitioner).post(
        _administer(world.family_a, mother, "caregiver", "phq-9"), data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Choose an answer." in html
    assert 'id="id_item_1_2" checked' in html  # item 1's choice is kept
    assert not ScreeningResult.objects.exists()


def test_only_instruments_that_fit_are_offered(world, signed_in):
    baby = ChildFactory(family=world.family_a, date_of_birth=TODAY - datetime.timedelta(days=183))
    html = signed_in(world.practitioner).get(reverse("family_screening", args=[world.family_a.uuid]))
    body = html.content.decode()
    assert _administer(world.family_a, baby, "child", "swyc-bpsc") in body
    assert _administer(world.family_a, baby, "child", "mchat-r") not in body
    assert _administer(world.family_a, baby, "child", "phq-9") not in body


def test_an_instrument_that_does_not_fit_is_refused_on_its_page(world, signed_in):
    baby = ChildFactory(family=world.family_a, date_of_birth=TODAY - datetime.timedelta(days=183))
    url = _administer(world.family_a, baby, "child", "mchat-r")
    response = signed_in(world.practitioner).post(url, {"item_1": "0"})
    assert response.status_code == 200
    assert "16 to 30 months" in response.content.decode()
    assert not ScreeningResult.objects.exists()


def test_a_supervisor_reads_the_screening_page_without_the_forms_and_the_read_is_audited(
    world, signed_in, mother
):
    ScreeningResultFactory(family=world.family_a, caregiver=mother, administered_by=world.practitioner)
    body = signed_in(world.supervisor).get(reverse("family_screening", args=[world.family_a.uuid]))
    html = body.content.decode()
    assert "PHQ-9" in html and "Mild" in html  # the instrument and band in words
    assert "Give a screen" not in html
    assert AuditEvent.objects.filter(
        actor_id=world.supervisor.pk, action=AuditAction.READ, category="screening"
    ).exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_screening_page_costs_the_same_queries_for_2_or_10_results(world, signed_in, mother):
    client = signed_in(world.practitioner)
    url = reverse("family_screening", args=[world.family_a.uuid])
    baby = ChildFactory(family=world.family_a, date_of_birth=TODAY - datetime.timedelta(days=120))
    for subject in ("caregiver", "child"):
        ScreeningResultFactory(
            family=world.family_a,
            caregiver=mother if subject == "caregiver" else None,
            child=baby if subject == "child" else None,
            administered_by=world.practitioner,
            flags=[],
        )
    client.get(url)
    small = _queries(client, url)
    for _ in range(8):
        ScreeningResultFactory(
            family=world.family_a, caregiver=mother, administered_by=world.colleague, flags=[]
        )
    assert ScreeningResult.objects.count() == 10
    assert _queries(client, url) == small


def test_an_unfinished_epds_with_item_10_answered_says_to_assess_safety_now_and_saves_nothing(
    world, signed_in, mother
):
    # Given an EPDS sent with only item 10 answered, its first printed choice (scores 3)
    url = _administer(world.family_a, mother, "caregiver", "epds")
    data = {"item_10": "0", "administered_on": TODAY.isoformat(), "client_id": ""}
    response = signed_in(world.practitioner).post(url, data)
    html = response.content.decode()
    # Then the form comes back with the missing answers and an urgent notice naming question 10
    assert response.status_code == 200
    assert 'data-testid="safety-answered"' in html
    assert "Question 10 asks about self-harm" in html
    assert "Choose an answer." in html
    assert not ScreeningResult.objects.exists() and not SafetyAlert.objects.exists()


def test_an_unfinished_form_without_a_safety_answer_has_no_urgent_notice(world, signed_in, mother):
    data = {"item_10": "3", "administered_on": TODAY.isoformat(), "client_id": ""}  # item 10 scores 0
    url = _administer(world.family_a, mother, "caregiver", "epds")
    html = signed_in(world.practitioner).post(url, data).content.decode()
    assert "Choose an answer." in html and 'data-testid="safety-answered"' not in html


def test_a_screen_stopped_early_is_kept_unscored_with_its_alert(world, signed_in, mother):
    # Given a PHQ-9 stopped after item 9 ("several days"), items 1 to 8 blank
    client = signed_in(world.practitioner)
    data = {"item_9": "1", "stopped_early": "on", "administered_on": TODAY.isoformat(), "client_id": ""}
    response = client.post(_administer(world.family_a, mother, "caregiver", "phq-9"), data)
    # Then the answers given are kept, not scored, and the alert is raised
    result = ScreeningResult.objects.get()
    assert response.status_code == 302 and result.total is None
    assert SafetyAlert.objects.filter(result=result).exists()
    body = client.get(response["Location"]).content.decode()
    assert 'data-testid="stopped-early"' in body
    assert "1 of 10 questions answered" in body
    assert "Urgent safety alert: record what was done" in body
    # And the family's history says so
    history = client.get(reverse("family_screening", args=[world.family_a.uuid])).content.decode()
    assert "Stopped early" in history


def test_the_phq9_form_offers_to_keep_a_screen_stopped_early(world, signed_in, mother):
    html = signed_in(world.practitioner).get(_administer(world.family_a, mother, "caregiver", "phq-9"))
    assert 'name="stopped_early"' in html.content.decode()


def test_stopped_early_with_nothing_answered_is_refused_on_the_form(world, signed_in, mother):
    data = {"stopped_early": "on", "administered_on": TODAY.isoformat(), "client_id": ""}
    response = signed_in(world.practitioner).post(
        _administer(world.family_a, mother, "caregiver", "phq-9"), data
    )
    assert "Answer at least one question" in response.content.decode()
    assert not ScreeningResult.objects.exists()


def test_a_bpsc_result_names_its_subscales_and_marks_the_one_at_its_cut_off(world, signed_in):
    # Given a 6-month-old whose BPSC has irritability items scoring 1, 1, 1, 0 (subscale 3: at risk)
    baby = ChildFactory(family=world.family_a, date_of_birth=TODAY - datetime.timedelta(days=183))
    data = {f"item_{n}": "0" for n in range(1, 13)} | {"item_1": "1", "item_2": "1", "item_3": "1"}
    client = signed_in(world.practitioner)
    response = client.post(
        _administer(world.family_a, baby, "child", "swyc-bpsc"),
        data | {"administered_on": TODAY.isoformat(), "client_id": ""},
    )
    body = client.get(response["Location"]).content.decode()
    # Then the subscales show by their labels, irritability marked, the others not
    assert "<dt>Irritability</dt><dd>3 <span" in body and "at or above its cut-off" in body
    assert "<dt>Difficulty with routines</dt><dd>0</dd>" in body


@pytest.fixture
def may_give_audit_c(world, grant):
    """AUDIT-C's results are substance use information: the practitioner who gives it holds the grant."""
    grant(world.practitioner, "substance_use")


@pytest.mark.usefixtures("may_give_audit_c")
def test_the_audit_c_form_asks_sex_in_words_and_the_result_says_which_cut_off(world, signed_in, mother):
    client = signed_in(world.practitioner)
    url = _administer(world.family_a, mother, "caregiver", "audit-c")
    html = client.get(url).content.decode()
    assert "The cut-off for a positive screen is different for women and men." in html
    assert "Female" in html and "female</label>" not in html
    # Sent without it, the form says why it is needed
    answers = {"item_1": "1", "item_2": "1", "item_3": "1"}
    data = answers | {"administered_on": TODAY.isoformat(), "client_id": ""}
    assert "Choose one: the cut-off depends on it." in client.post(url, data).content.decode()
    response = client.post(url, data | {"context_sex": "female"})
    body = client.get(response["Location"]).content.decode()
    assert "<dt>Sex</dt><dd>Female</dd>" in body


@pytest.mark.usefixtures("may_give_audit_c")
def test_an_audit_c_answered_never_with_the_skipped_questions_left_blank_is_scored_0(
    world, signed_in, mother
):
    # Given the form as published: "Never" to question 1, questions 2 and 3 skipped
    client = signed_in(world.practitioner)
    url = _administer(world.family_a, mother, "caregiver", "audit-c")
    assert "question 1 was answered" in client.get(url).content.decode()  # the form says when to skip
    data = {"item_1": "0", "context_sex": "female", "administered_on": TODAY.isoformat(), "client_id": ""}
    # When it is saved
    response = client.post(url, data)
    # Then it is recorded on the latest version with total 0, negative
    assert response.status_code == 302
    result = ScreeningResult.objects.get(subject_id=mother.uuid)
    assert (result.definition, result.total, result.positive, result.answers) == (
        "audit-c@2",
        0,
        False,
        [0, None, None],
    )
    # And its page says the two questions were skipped, scoring 0
    body = client.get(response["Location"]).content.decode()
    assert body.count("Skipped, as the form says") == 2


@pytest.mark.usefixtures("may_give_audit_c")
def test_an_audit_c_with_question_1_not_never_still_needs_questions_2_and_3(world, signed_in, mother):
    client = signed_in(world.practitioner)
    url = _administer(world.family_a, mother, "caregiver", "audit-c")
    data = {"item_1": "2", "context_sex": "female", "administered_on": TODAY.isoformat(), "client_id": ""}

    response = client.post(url, data)

    body = response.content.decode()
    assert response.status_code == 200
    assert "typical day when you are drinking?: Choose an answer." in body
    assert "six or more drinks on one occasion?: Choose an answer." in body
    assert not ScreeningResult.objects.filter(subject_id=mother.uuid).exists()


def test_a_result_page_says_what_it_was_scored_with_as_a_person_would(world, signed_in):
    mother = CaregiverFactory(family=world.family_a)
    result = ScreeningResultFactory(
        family=world.family_a, caregiver=mother, administered_by=world.practitioner
    )
    html = (
        signed_in(world.practitioner)
        .get(reverse("screening_result", args=[world.family_a.uuid, result.uuid]))
        .content.decode()
    )
    assert "Scored with the PHQ-9 key, version 1" in html and "phq-9@1" not in html
    assert "Mark this screen as entered in error" in html
