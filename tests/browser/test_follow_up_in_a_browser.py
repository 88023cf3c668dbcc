from __future__ import annotations

import datetime

import pytest

from nestling.referrals.task_kinds import REFERRAL_FOLLOW_UP
from nestling.screening.services import screening_record
from nestling.tasks.models import Task
from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_records_the_referral_that_follows_a_positive_phq9(world, page, assert_accessible):
    # Given a mother whose PHQ-9 today was positive (total 10), so a follow-up task is open
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan")
    screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=[2, 2, 2, 1, 1, 1, 1, 0, 0],
        by=world.practitioner,
        administered_on=datetime.date.today(),
    )
    _sign_in(page, world.practitioner.email)
    page.wait_for_url("**/caseload/")
    page.goto(f"/families/{world.family_a.uuid}/")
    # When they follow the task's link and send the form without choosing
    tasks = page.get_by_role("region", name="Follow-up tasks")
    tasks.get_by_role("link", name="Record what was done").click()
    page.get_by_role("button", name="Record and close the task").click()
    assert page.get_by_text("Choose what was done.").first.is_visible()
    assert_accessible(page, "follow-up task with an error")
    # When they record the referral
    page.get_by_label("Referral made").check()
    page.get_by_role("button", name="Record and close the task").click()
    page.get_by_text("What was done is recorded; the task is closed.").wait_for()
    # Then the family page no longer lists the screen's task: what follows is the referral's own
    # follow-up, asking in two weeks whether the service has made contact
    page.get_by_role("link", name=world.family_a.name).click()
    page.wait_for_url(f"**/families/{world.family_a.uuid}/")
    tasks = page.get_by_role("region", name="Follow-up tasks")
    assert "Chase the referral of Rowan" in tasks.inner_text()
    assert Task.objects.get(family=world.family_a, done_at__isnull=True).kind == REFERRAL_FOLLOW_UP


def test_a_practitioner_marks_a_screen_given_to_the_wrong_caregiver(world, page, assert_accessible):
    # Given a PHQ-9 recorded for Rowan that was really her sister's
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan")
    result = screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=[2, 2, 2, 1, 1, 1, 1, 0, 0],
        by=world.practitioner,
        administered_on=datetime.date.today(),
    )
    _sign_in(page, world.practitioner.email)
    page.wait_for_url("**/caseload/")
    page.goto(f"/families/{world.family_a.uuid}/screening/results/{result.uuid}/")
    # When they mark it entered in error, first without saying why
    page.get_by_role("link", name="Mark this screen as entered in error").click()
    page.get_by_role("button", name="Mark as entered in error").click()
    assert page.get_by_text("Say what went wrong").first.is_visible()
    assert_accessible(page, "entered-in-error form with an error")
    page.get_by_label("What went wrong").fill("Answered by her sister, not Rowan")
    page.get_by_role("button", name="Mark as entered in error").click()
    # Then the result says so, and its follow-up task is closed
    assert page.get_by_test_id("entered-in-error").is_visible()
    assert "Answered by her sister" in page.get_by_test_id("entered-in-error").inner_text()
    assert_accessible(page, "result entered in error")
