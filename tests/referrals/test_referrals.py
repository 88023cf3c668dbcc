"""A referral of one of the three patients: what prompted it, its dates, what it shares under which
consent, every status it passes through, the task that chases it, its letter, and "referral made"."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from nestling.access.denials import AccessDenied
from nestling.audit.models import AuditAction, AuditEvent
from nestling.documents.pdf import pdf_text
from nestling.families.models import ConsentKind, subject_of
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.referrals.letters import referral_letter_make
from nestling.referrals.models import Domain, LocalService, Referral, ServiceKind, Shared, Status
from nestling.referrals.services.directory import local_service_create, local_service_update
from nestling.referrals.services.referrals import (
    ReferralDraft,
    referral_create,
    referral_status_set,
    referral_update,
)
from nestling.referrals.task_kinds import REFERRAL_FOLLOW_UP
from nestling.screening.services import follow_up_task_complete, screening_record
from nestling.tasks.models import Task
from tests.factories.families import CaregiverFactory, ConsentFactory

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
POSITIVE_PHQ9 = [2, 2, 2, 2, 1, 1, 1, 0, 0]


@pytest.fixture
def mother(world):
    return CaregiverFactory(
        family=world.family_a,
        given_name="Rowan",
        family_name="Synthetic",
        phone="555-0100",
        email="r@example.org",
    )


@pytest.fixture
def phq9(world, mother):
    return screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=POSITIVE_PHQ9,
        by=world.practitioner,
        administered_on=TODAY - 3 * DAY,
    )


@pytest.fixture
def service(world):
    return local_service_create(
        by=world.manager,
        kind=ServiceKind.ADULT_MENTAL_HEALTH,
        name="Riverbend Perinatal Mental Health (synthetic)",
        phone="555-0199",
        languages="English, Spanish",
    )


@pytest.fixture
def sharing(world, mother):
    return ConsentFactory(
        family=world.family_a,
        kind=ConsentKind.DATA_SHARING,
        given_by=mother,
        given_by_other="",
        recipient="Riverbend Perinatal Mental Health (synthetic)",
        purpose="Referral for perinatal mental health care",
    )


def _draft(mother, service, phq9, **more):
    values = {
        "subject": subject_of(mother),
        "reason": "Low mood since the birth; she asked for someone to talk to.",
        "referred_on": TODAY,
        "expected_by": TODAY + 14 * DAY,
        "service": service,
        "from_result": phq9,
    }
    return ReferralDraft(**(values | more))


def _refer(world, mother, service, phq9, *, send=True, **more):
    return referral_create(
        family=world.family_a, by=world.practitioner, draft=_draft(mother, service, phq9, **more), send=send
    )


def test_a_referral_after_a_phq9_answers_depression_and_a_task_chases_it_from_its_expected_date(
    world, mother, service, phq9
):
    referral = _refer(world, mother, service, phq9)

    assert (referral.domain, referral.status, referral.service_kind) == (
        Domain.DEPRESSION,
        Status.SENT,
        ServiceKind.ADULT_MENTAL_HEALTH,
    )
    assert [(s.status, s.set_by) for s in referral.statuses.all()] == [
        (Status.DRAFT, world.practitioner),
        (Status.SENT, world.practitioner),
    ]
    task = Task.objects.get(kind=REFERRAL_FOLLOW_UP)
    assert (task.due_on, task.source, task.is_open) == (TODAY + 14 * DAY, referral, True)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, subject_id=str(referral.uuid)).exists()


def test_a_referral_dated_before_the_screen_that_prompted_it_is_refused_saying_so(
    world, mother, service, phq9
):
    with pytest.raises(RecordInvalid) as refusal:
        _refer(world, mother, service, phq9, referred_on=TODAY - 5 * DAY)
    assert "before the screen that prompted the referral" in refusal.value.errors["referred_on"][0]
    assert not Referral.objects.exists()


def test_a_referral_in_the_future_or_expected_before_it_was_made_is_refused(world, mother, service, phq9):
    with pytest.raises(RecordInvalid) as refusal:
        _refer(world, mother, service, phq9, referred_on=TODAY + DAY, expected_by=TODAY)
    assert "in the future" in refusal.value.errors["referred_on"][0]
    with pytest.raises(RecordInvalid) as refusal:
        _refer(world, mother, service, phq9, expected_by=TODAY - DAY)
    assert "expected before the referral" in refusal.value.errors["expected_by"][0]


def test_sharing_needs_a_consent_in_force_and_part2_data_its_own(world, mother, service, phq9, sharing):
    with pytest.raises(RecordInvalid) as refusal:
        _refer(world, mother, service, phq9, shared=[Shared.REASON])
    assert "consent to share information" in refusal.value.errors["consent"][0]
    with pytest.raises(RecordInvalid) as refusal:
        _refer(world, mother, service, phq9, shared=[Shared.REASON, Shared.SUBSTANCE_USE], consent=sharing)
    assert "42 CFR Part 2" in refusal.value.errors["part2_consent"][0]


def test_a_new_expected_date_moves_the_task_and_an_ending_closes_it_saying_how(world, mother, service, phq9):
    referral = _refer(world, mother, service, phq9)
    referral = referral_update(
        referral=referral,
        by=world.practitioner,
        version=referral.version,
        reason=referral.reason,
        domain=referral.domain,
        urgency="soon",
        referred_on=TODAY,
        expected_by=TODAY + 20 * DAY,
        shared=[],
        consent=None,
        part2_consent=None,
    )
    assert Task.objects.get(kind=REFERRAL_FOLLOW_UP).due_on == TODAY + 20 * DAY
    referral = referral_status_set(
        referral=referral,
        by=world.practitioner,
        version=referral.version,
        status=Status.APPOINTMENT_SET,
        on=TODAY,
        expected_by=TODAY + 7 * DAY,
    )
    assert Task.objects.get(kind=REFERRAL_FOLLOW_UP).due_on == TODAY + 7 * DAY
    referral = referral_status_set(
        referral=referral, by=world.practitioner, version=referral.version, status=Status.COMPLETED, on=TODAY
    )
    assert referral.closed_on == TODAY
    task = Task.objects.get(kind=REFERRAL_FOLLOW_UP)
    assert not task.is_open and "First service contact made" in task.outcome_note
    assert [s.status for s in referral.statuses.all()][-2:] == [Status.APPOINTMENT_SET, Status.COMPLETED]


def test_a_status_out_of_order_a_stale_one_and_an_ending_without_a_note_are_refused(
    world, mother, service, phq9
):
    referral = _refer(world, mother, service, phq9, send=False)
    with pytest.raises(RecordInvalid) as refusal:
        referral_status_set(
            referral=referral,
            by=world.practitioner,
            version=referral.version,
            status=Status.COMPLETED,
            on=TODAY,
        )
    assert "status" in refusal.value.errors
    with pytest.raises(RecordInvalid) as refusal:
        referral_status_set(
            referral=referral,
            by=world.practitioner,
            version=referral.version,
            status=Status.FAMILY_DECLINED,
            on=TODAY,
        )
    assert "note" in refusal.value.errors
    with pytest.raises(StaleEdit):
        referral_status_set(
            referral=referral,
            by=world.practitioner,
            version=referral.version - 1 or 99,
            status=Status.SENT,
            on=TODAY,
        )


def test_the_letter_holds_only_what_the_consent_allows_and_is_audited_as_a_disclosure(
    world, mother, service, phq9, sharing
):
    referral = _refer(world, mother, service, phq9, shared=[Shared.REASON], consent=sharing)

    letter = referral_letter_make(referral=referral, by=world.practitioner)

    text = pdf_text(letter.pdf)
    assert "Low mood since the birth" in text
    assert "Riverbend Perinatal Mental Health" in text
    assert "Confidential" in text and world.practitioner.display_name in text
    # not shared: her name and phone, the screen, anything of Part 2
    assert "Rowan" not in text and "555-0100" not in text
    assert "PHQ" not in text and "42 CFR part 2" not in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, subject_id=str(referral.uuid))
    assert event.detail["shared"] == ["reason"] and event.detail["consents"] == [str(sharing.uuid)]


def test_a_letter_with_part2_data_carries_the_redisclosure_notice(
    world, grant, mother, service, phq9, sharing
):
    grant(world.practitioner)
    part2 = ConsentFactory(
        family=world.family_a,
        kind=ConsentKind.PART2,
        given_by=mother,
        given_by_other="",
        recipient="Riverbend",
        discloser="Synthetic program",
        information="AUDIT-C results",
        purpose="Treatment",
        right_to_revoke_explained=True,
        signed=True,
        expires_on=TODAY + 200 * DAY,
    )
    referral = _refer(
        world,
        mother,
        service,
        phq9,
        shared=[Shared.CONTACT, Shared.SUBSTANCE_USE],
        consent=sharing,
        part2_consent=part2,
    )
    text = pdf_text(referral_letter_make(referral=referral, by=world.practitioner).pdf)
    assert "42 CFR part 2" in text and "Rowan" in text
    assert referral.sensitive_category == "substance_use"


def test_a_letter_for_a_referral_whose_consent_was_revoked_since_is_refused(
    world, mother, service, phq9, sharing
):
    referral = _refer(world, mother, service, phq9, shared=[Shared.REASON], consent=sharing)
    type(sharing).objects.filter(pk=sharing.pk).update(revoked_on=TODAY)
    referral.refresh_from_db()

    with pytest.raises(RecordInvalid) as refusal:
        referral_letter_make(referral=referral, by=world.practitioner)
    assert "no longer in force" in refusal.value.errors[""][0]
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_referral_made_on_a_follow_up_records_a_real_referral_linked_to_it(world, mother, phq9):
    task = Task.objects.get(kind="positive_screen")
    follow_up_task_complete(
        task=task, by=world.practitioner, kind="referral_made", note="Perinatal team", version=task.version
    )
    referral = Referral.objects.get()
    assert (referral.follow_up_task, referral.from_result, referral.domain, referral.service_name) == (
        task,
        phq9,
        Domain.DEPRESSION,
        "Perinatal team",
    )


def test_referral_made_links_the_referral_already_made_after_the_screen(world, mother, service, phq9):
    made = _refer(world, mother, service, phq9)
    task = Task.objects.get(kind="positive_screen")
    follow_up_task_complete(task=task, by=world.practitioner, kind="referral_made", version=task.version)
    assert Referral.objects.get() == made and Referral.objects.get().follow_up_task == task


def test_a_referral_made_from_the_follow_up_closes_it(world, client, mother, service, phq9):
    task = Task.objects.get(kind="positive_screen")
    client.force_login(world.practitioner)
    response = client.post(
        reverse("referral_add", args=[world.family_a.uuid]) + f"?task={task.uuid}",
        {
            "about": str(mother.uuid),
            "service": str(service.uuid),
            "prompted_by": f"result:{phq9.uuid}",
            "reason": "Low mood",
            "urgency": "soon",
            "referred_on": TODAY.isoformat(),
            "expected_by": (TODAY + 10 * DAY).isoformat(),
            "send": "on",
        },
    )
    assert response.status_code == 302, response.content
    task.refresh_from_db()
    assert task.outcome == "referral_made" and Referral.objects.get().follow_up_task == task


def test_only_managers_and_admins_change_the_directory_and_a_stale_edit_is_refused(world, service):
    with pytest.raises(AccessDenied):
        local_service_create(by=world.practitioner, kind="food", name="Synthetic pantry", phone="555")
    local_service_update(service=service, by=world.admin, version=service.version, languages="English")
    with pytest.raises(StaleEdit):
        local_service_update(service=service, by=world.manager, version=service.version, active=False)
    assert LocalService.objects.get().languages == "English"


def test_a_directory_entry_without_a_way_to_reach_it_is_refused(world):
    with pytest.raises(RecordInvalid) as refusal:
        local_service_create(by=world.manager, kind="food", name="Synthetic pantry", web="not a url")
    assert set(refusal.value.errors) == {"web"}
    with pytest.raises(RecordInvalid) as refusal:
        local_service_create(by=world.manager, kind="food", name="Synthetic pantry")
    assert "at least one way to reach" in refusal.value.errors[""][0]


def test_the_family_page_and_history_show_referrals_in_constant_queries(
    world, client, mother, service, phq9, django_assert_max_num_queries
):
    client.force_login(world.practitioner)
    url = reverse("family_detail", args=[world.family_a.uuid])
    _refer(world, mother, service, phq9)
    client.get(url)
    with django_assert_max_num_queries(200) as one:
        assert client.get(url).status_code == 200
    for _n in range(3):
        _refer(world, mother, service, phq9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Riverbend Perinatal") >= 4
    history = reverse("family_timeline", args=[world.family_a.uuid])
    client.get(history)
    with django_assert_max_num_queries(200) as one:
        client.get(history)
    _refer(world, mother, service, phq9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "Referral of Rowan" in client.get(history).content.decode()


def test_the_result_alert_and_follow_up_pages_show_the_referrals_they_prompted(
    world, client, mother, service, phq9
):
    _refer(world, mother, service, phq9)
    client.force_login(world.practitioner)
    task = Task.objects.get(kind="positive_screen")
    pages = [
        reverse("screening_result", args=[world.family_a.uuid, phq9.uuid]),
        reverse("follow_up", args=[world.family_a.uuid, task.uuid]),
    ]
    alert = phq9.alerts.first()
    if alert is not None:
        pages.append(reverse("safety_alert", args=[world.family_a.uuid, alert.uuid]))
    for url in pages:
        page = client.get(url).content.decode()
        assert "Referrals prompted by this" in page and "Riverbend Perinatal" in page, url
