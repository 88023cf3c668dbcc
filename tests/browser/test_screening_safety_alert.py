from __future__ import annotations

import datetime

import pytest

from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory, ChildFactory, EnrollmentFactory, RelationshipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_phq9_with_item_9_positive_alerts_the_practitioner_and_the_supervisor(
    world, page, browser, live_server, assert_accessible
):
    # Given a mother whose baby was born 6 weeks ago, while the family was in the program
    today = datetime.date.today()
    EnrollmentFactory(family=world.family_a, enrolled_on=today - datetime.timedelta(days=120))
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan")
    baby = ChildFactory(
        family=world.family_a, given_name="Wren", date_of_birth=today - datetime.timedelta(days=42)
    )
    RelationshipFactory(family=world.family_a, caregiver=mother, child=baby)
    practitioner = page
    # When the practitioner signs in, their caseload shows the 6-week EPDS as due
    _sign_in(practitioner, world.practitioner.email)
    practitioner.wait_for_url("**/caseload/")
    due_badge = practitioner.get_by_role("link", name="EPDS due · Rowan")
    assert due_badge.is_visible()
    assert_accessible(practitioner, "caseload with screens due")
    # And following it, the family's screening page lists the EPDS as due for Rowan
    due_badge.click()
    practitioner.wait_for_url("**/screening/")
    rowan = practitioner.get_by_role("region", name="Rowan")
    assert (
        rowan.get_by_role("list", name="Screens due")
        .get_by_text("Edinburgh Postnatal Depression Scale")
        .is_visible()
    )
    assert_accessible(practitioner, "family screening page")
    # When they give Rowan the enrollment PHQ-9, overdue on the same list
    rowan.get_by_role("list", name="Screens due").get_by_role(
        "link", name="Patient Health Questionnaire-9 (PHQ-9)"
    ).click()
    practitioner.wait_for_url("**/phq-9/")
    assert_accessible(practitioner, "PHQ-9 form")
    # When they answer every item "Not at all" except item 9, "Several days", and save
    for group in practitioner.locator("fieldset").all():
        legend = group.locator("legend").inner_text()
        if legend.startswith("9."):
            group.get_by_label("Several days").check()
        elif not legend.startswith("10."):
            group.get_by_label("Not at all").check()
    practitioner.get_by_role("button", name="Score and save").click()
    practitioner.wait_for_url("**/screening/results/**")
    # Then the urgent alert is on the page
    banner = practitioner.get_by_test_id("urgent-alerts")
    assert banner.is_visible()
    assert_accessible(practitioner, "PHQ-9 result")
    # And the supervisor sees it on their own pages, and cannot close it without a response
    context = browser.new_context(base_url=live_server.url)
    try:
        _supervisor_answers(context.new_page(), world)
    finally:
        context.close()


def _supervisor_answers(supervisor, world) -> None:
    _sign_in(supervisor, world.supervisor.email)
    supervisor.wait_for_url("**/team/**")
    supervisor.get_by_test_id("urgent-alerts").get_by_role("link").click()
    supervisor.get_by_role("button", name="Record response and close the alert").click()
    assert supervisor.get_by_text("Choose the risk you assessed.").first.is_visible()
    supervisor.get_by_label("High", exact=True).check()
    supervisor.get_by_label("Emergency services called").check()
    supervisor.get_by_role("button", name="Record response and close the alert").click()
    supervisor.get_by_text("Response recorded; the alert is closed.").wait_for()
    assert supervisor.get_by_test_id("urgent-alerts").count() == 0


def test_a_mother_who_stops_an_epds_after_a_self_harm_answer_still_raises_the_alert(
    world, page, assert_accessible
):
    # Given a mother on the practitioner's caseload
    mother = CaregiverFactory(family=world.family_a, given_name="Isla")
    _sign_in(page, world.practitioner.email)
    page.wait_for_url("**/caseload/")
    page.goto(f"/families/{world.family_a.uuid}/screening/caregiver/{mother.uuid}/epds/")
    # When only question 10 is answered with its first printed choice (scoring 3) and the form is sent
    page.locator("fieldset").filter(has_text="Question 10").get_by_label("Option 1 (scores 3)").check()
    page.get_by_role("button", name="Score and save").click()
    # Then nothing is saved yet, and an urgent notice says to assess her safety now
    notice = page.get_by_test_id("safety-answered")
    notice.wait_for()  # the form's answer is a new page: wait for it rather than read the old one
    assert notice.is_visible()
    assert "Question 10 asks about self-harm" in notice.inner_text()
    assert_accessible(page, "EPDS sent back with a safety answer")
    # When the practitioner records that she stopped there
    page.get_by_label("Stopped before the end").check()
    page.get_by_role("button", name="Score and save").click()
    page.wait_for_url("**/screening/results/**")
    # Then the answers given are kept without a score, and the urgent alert is raised
    assert page.get_by_test_id("stopped-early").is_visible()
    assert page.get_by_test_id("urgent-alerts").is_visible()
    assert_accessible(page, "stopped EPDS result")
