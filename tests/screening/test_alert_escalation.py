"""An urgent alert reaches people who are not signed in: an email at once to the practitioner and their
supervisor, and one to the program's managers when it is still unanswered after the delay — never twice,
never once it is answered, never with clinical detail. The clock is passed in (`now`)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from nestling.accounts.models import Role
from nestling.organizations.models import Program
from nestling.screening.alert_notices import safety_alert_escalate
from nestling.screening.background import escalate_unanswered_alert
from nestling.screening.models import AlertNotice, NoticeKind, SafetyAlert
from nestling.screening.services import screening_record
from tests.factories.accounts import UserFactory
from tests.factories.families import CaregiverFactory
from tests.factories.organizations import ProgramFactory
from tests.factories.screening import answer_alert

PHQ9_ITEM9 = [0, 0, 0, 0, 0, 0, 0, 0, 2]  # item 9 "more than half the days"
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def mother(world):
    return CaregiverFactory(family=world.family_a, given_name="Marisol", family_name="Quillfeather")


@pytest.fixture
def raised(world, mother, django_capture_on_commit_callbacks) -> SafetyAlert:
    """A PHQ-9 whose item 9 raised an urgent alert, committed (so its first emails went)."""
    with django_capture_on_commit_callbacks(execute=True):
        result = screening_record(
            family=world.family_a,
            subject=mother,
            instrument_id="phq-9",
            answers=PHQ9_ITEM9,
            by=world.practitioner,
            administered_on=datetime.date.today(),
        )
    return SafetyAlert.objects.select_related("family").get(result=result)


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_an_urgent_alert_emails_the_practitioner_and_supervisor_at_once(world, raised):
    # Then both got one email, with a link to the alert and no clinical detail
    assert _recipients() == sorted([world.practitioner.email, world.supervisor.email])
    link = reverse("safety_alert", args=[world.family_a.uuid, raised.uuid])
    for message in mail.outbox:
        assert message.subject == "Nestling: an urgent alert waits for your response"
        html = message.alternatives[0][0]
        assert link in message.body and link in html
        for detail in (
            "Marisol",
            "Quillfeather",
            world.family_a.name,
            world.family_a.reference,
            "PHQ",
            "harm",
        ):
            assert detail not in message.body and detail not in html and detail not in message.subject
    # And what was sent is kept
    assert set(AlertNotice.objects.values_list("recipient_id", "kind")) == {
        (world.practitioner.pk, NoticeKind.URGENT),
        (world.supervisor.pk, NoticeKind.URGENT),
    }


def test_the_first_emails_wait_for_the_commit(world, mother, django_capture_on_commit_callbacks):
    # Given a screen whose transaction has not committed yet
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        screening_record(
            family=world.family_a,
            subject=mother,
            instrument_id="phq-9",
            answers=PHQ9_ITEM9,
            by=world.practitioner,
            administered_on=datetime.date.today(),
        )
    # Then the email waits for the commit: nothing was sent inside the transaction
    assert callbacks and not mail.outbox


def test_the_escalation_waits_for_the_delay_then_reaches_the_manager_once(world, raised):
    mail.outbox.clear()
    # When it runs a minute before the four hours are up
    assert (
        safety_alert_escalate(alert=raised, now=raised.raised_at + 4 * HOUR - datetime.timedelta(minutes=1))
        == []
    )
    # Then nobody is emailed
    assert mail.outbox == []
    # When it runs at four hours
    sent = safety_alert_escalate(alert=raised, now=raised.raised_at + 4 * HOUR)
    # Then the program manager is emailed that the alert is still unanswered, with its link
    assert [notice.recipient for notice in sent] == [world.manager]
    assert _recipients() == [world.manager.email]
    message = mail.outbox[0]
    assert message.subject == "Nestling: an urgent alert is still unanswered"
    assert reverse("safety_alert", args=[world.family_a.uuid, raised.uuid]) in message.body
    assert "Marisol" not in message.body and world.family_a.name not in message.body
    # And run again an hour later, it sends nothing more
    assert safety_alert_escalate(alert=raised, now=raised.raised_at + 5 * HOUR) == []
    assert len(mail.outbox) == 1
    assert AlertNotice.objects.filter(kind=NoticeKind.ESCALATION).count() == 1


def test_no_escalation_once_the_alert_is_answered(world, raised):
    # Given the practitioner answered the alert within the four hours
    answer_alert(raised, world.practitioner, risk="low", actions=("crisis_line",))
    mail.outbox.clear()
    # When the escalation runs after the delay
    sent = safety_alert_escalate(alert=raised, now=raised.raised_at + 5 * HOUR)
    # Then nothing is sent
    assert sent == [] and mail.outbox == []
    assert not AlertNotice.objects.filter(kind=NoticeKind.ESCALATION).exists()


def test_the_delay_is_a_setting(world, raised, settings):
    settings.SAFETY_ALERT_ESCALATION_MINUTES = 30
    mail.outbox.clear()
    assert safety_alert_escalate(alert=raised, now=raised.raised_at + datetime.timedelta(minutes=29)) == []
    assert (
        len(safety_alert_escalate(alert=raised, now=raised.raised_at + datetime.timedelta(minutes=30))) == 1
    )


def test_only_the_managers_of_the_familys_program_are_emailed(world, raised):
    # Given a manager of another program and one of the family's own program, beside the manager of all
    other = UserFactory(organization=world.org, email="other-program@own.test")
    other.role_assignments.create(
        organization=world.org, role=Role.MANAGER, program=ProgramFactory(organization=world.org)
    )
    own = UserFactory(organization=world.org, email="own-program@own.test")
    own.role_assignments.create(
        organization=world.org, role=Role.MANAGER, program=Program.objects.get(pk=world.family_a.program_id)
    )
    mail.outbox.clear()
    # When the alert is escalated
    safety_alert_escalate(alert=raised, now=raised.raised_at + 4 * HOUR)
    # Then the family's program's managers are emailed, the other program's is not
    assert _recipients() == sorted([world.manager.email, own.email])


def test_raising_an_alert_queues_its_escalation_for_when_the_delay_passes(raised):
    queued = DBTaskResult.objects.get(task_path__endswith="escalate_unanswered_alert")
    assert queued.run_after == raised.raised_at + 4 * HOUR
    assert queued.args_kwargs["args"] == [str(raised.uuid)]


def test_the_task_run_twice_sends_once_and_run_early_waits_again(world, raised):
    mail.outbox.clear()
    # When the worker runs the task before the delay has passed
    assert escalate_unanswered_alert.call(str(raised.uuid)) == 0
    # Then nothing is sent and it is queued again for its time
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path__endswith="escalate_unanswered_alert").count() == 2
    # When the alert has waited past the delay and the task runs twice
    SafetyAlert.objects.filter(pk=raised.pk).update(raised_at=raised.raised_at - 5 * HOUR)
    assert escalate_unanswered_alert.call(str(raised.uuid)) == 1
    assert escalate_unanswered_alert.call(str(raised.uuid)) == 0
    # Then the manager got one email
    assert _recipients() == [world.manager.email]


def test_the_alert_page_says_who_was_emailed_so_a_manager_sees_it_was_escalated(world, raised, signed_in):
    safety_alert_escalate(alert=raised, now=raised.raised_at + 4 * HOUR)
    body = signed_in(world.manager).get(reverse("safety_alert", args=[world.family_a.uuid, raised.uuid]))
    html = body.content.decode()
    assert f"Still unanswered: {world.manager.display_name}" in html
    assert f"Urgent alert: {world.practitioner.display_name}" in html


def test_an_alert_answered_before_its_first_emails_go_sends_none(
    world, mother, django_capture_on_commit_callbacks
):
    # Given an alert raised and answered in one transaction (a response given at the same visit)
    with django_capture_on_commit_callbacks(execute=True):
        result = screening_record(
            family=world.family_a,
            subject=mother,
            instrument_id="phq-9",
            answers=PHQ9_ITEM9,
            by=world.practitioner,
            administered_on=datetime.date.today(),
        )
        answer_alert(result.alerts.get(), world.practitioner)
    # Then nobody is emailed that it waits
    assert mail.outbox == [] and not AlertNotice.objects.exists()
