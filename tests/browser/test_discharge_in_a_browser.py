from __future__ import annotations

import datetime

import pytest

from nestling.screening.services import screening_record
from nestling.tasks.models import Task
from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory, EnrollmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}


def _check_both_sizes(page, assert_accessible, label: str) -> None:
    """axe-clean, and no sideways scrolling, on a phone and on a tablet."""
    for size in (PHONE, TABLET):
        page.set_viewport_size(size)
        assert_accessible(page, f"{label} at {size['width']}")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{label} at {size['width']}: {scroll}px wide in {inner}px"


def test_a_discharge_asks_about_the_open_follow_up_and_the_family_leaves_the_caseload(
    world, page, assert_accessible
):
    # Given family A, enrolled two months ago, whose mother's PHQ-9 today was positive: a follow-up is open
    EnrollmentFactory(family=world.family_a, enrolled_on=datetime.date.today() - datetime.timedelta(60))
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
    # When the practitioner opens the discharge and sends it without answering
    page.get_by_role("link", name="Discharge", exact=True).click()
    page.get_by_role("heading", name="Discharge from").wait_for()
    _check_both_sizes(page, assert_accessible, "discharge form")
    page.get_by_role("button", name="Check the discharge").click()
    # Then every problem is named, the follow-up among them, and nothing is chosen for them
    assert page.get_by_text("Choose the reason for discharge.").first.is_visible()
    assert page.get_by_text("Write the closing summary").first.is_visible()
    follow_up = page.get_by_role("group", name="Follow up")
    assert follow_up.get_by_text("Choose: close it, or keep it.").is_visible()
    assert not follow_up.get_by_label("Close it").is_checked()
    _check_both_sizes(page, assert_accessible, "discharge form with errors")
    # When they give the reason and summary and close the follow-up
    page.get_by_label("Reason for discharge").select_option(label="Goals met")
    page.get_by_label("Closing summary").fill("Rowan's mood lifted; she is linked with her own doctor.")
    follow_up.get_by_label("Close it").check()
    page.get_by_role("button", name="Check the discharge").click()
    # Then the confirm step lists the follow-up as closed, and nothing is written yet
    confirm = page.get_by_test_id("discharge-confirm")
    confirm.wait_for()
    assert "Follow up" in page.get_by_test_id("closing").inner_text()
    assert Task.objects.get(family=world.family_a).is_open
    _check_both_sizes(page, assert_accessible, "discharge confirm step")
    page.get_by_role("button", name="Discharge the family").click()
    # Then the family page shows the episode discharged, with its reason and summary
    page.wait_for_url(f"**/families/{world.family_a.uuid}/")
    assert page.get_by_test_id("family-discharged").is_visible()
    assert page.get_by_text("Discharged: Goals met", exact=True).is_visible()
    assert Task.objects.get(family=world.family_a).outcome == "family_discharged"
    page.get_by_text("What was still open at discharge").click()
    _check_both_sizes(page, assert_accessible, "family page after discharge")
    # And the family has left the caseload, and is found under "Discharged"
    page.goto("/caseload/")
    assert page.get_by_role("link", name=world.family_a.name).count() == 0
    page.get_by_role("link", name="Discharged", exact=True).click()
    page.wait_for_url("**/caseload/?status=discharged")
    assert page.get_by_role("link", name=world.family_a.name).is_visible()
    assert page.get_by_test_id("discharged-badge").is_visible()
    _check_both_sizes(page, assert_accessible, "discharged families")
