"""A colleague covering a family under emergency access answers its open self-harm alert with a safety
plan, on a tablet (820×1180) and a phone (390×844): no page wider than the screen, axe-core finds nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from nestling.screening.models import SafetyAlert
from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory
from tests.factories.screening import SafetyAlertFactory, ScreeningResultFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {
    "tablet": {"viewport": {"width": 820, "height": 1180}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
}


def _fits(page, label: str) -> None:
    wide, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert wide <= screen, f"{label}: {wide}px wide on a {screen}px screen"


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_covering_clinician_under_emergency_access_answers_an_open_self_harm_alert_with_a_safety_plan(
    screen, world, browser, live_server, assert_accessible
):
    # Given Rowan's PHQ-9 raised a self-harm alert an hour ago, still open, on the practitioner's family
    rowan = CaregiverFactory(family=world.family_a, given_name="Rowan")
    result = ScreeningResultFactory(
        family=world.family_a, caregiver=rowan, administered_by=world.practitioner
    )
    alert = SafetyAlertFactory(
        result=result, supervisor=world.supervisor, raised_at=timezone.now() - datetime.timedelta(hours=1)
    )
    context = browser.new_context(base_url=live_server.url, **SCREENS[screen])
    page = context.new_page()
    try:
        # When the colleague, who does not carry the family, opens emergency access to it
        _sign_in(page, world.colleague.email)
        page.wait_for_url("**/caseload/")
        page.goto("/emergency-access/")
        page.get_by_label("Family reference number").fill(world.family_a.reference)
        page.get_by_label("Why do you need access now?").fill(
            "Covering the practitioner, away today; a self-harm alert waits for an answer"
        )
        page.get_by_role("button", name="Open the record").click()
        page.wait_for_url(f"**/families/{world.family_a.uuid}/")
        # Then the family page shows the open alert, and so does the banner
        on_family = page.get_by_test_id("family-open-alerts")
        assert on_family.is_visible()
        assert page.get_by_test_id("urgent-alerts").is_visible()
        _fits(page, f"family page ({screen})")
        assert_accessible(page, f"family page under emergency access ({screen})")
        # When they open it, the page says they cover the family under emergency access
        on_family.get_by_role("link").first.click()
        page.wait_for_url(f"**/alerts/{alert.uuid}/")
        assert page.get_by_test_id("covering-notice").is_visible()
        _fits(page, f"alert page ({screen})")
        assert_accessible(page, f"alert page under emergency access ({screen})")
        # When they send it at imminent risk with nothing ticked, they are told what is missing
        page.get_by_label("Imminent", exact=True).check()
        page.get_by_role("button", name="Record response and close the alert").click()
        assert page.get_by_text(
            "At imminent risk something is done to keep the person safe"
        ).first.is_visible()
        assert_accessible(page, f"alert page with an error ({screen})")
        # When they record a high risk, a safety plan made and the crisis line given
        page.get_by_label("High", exact=True).check()
        page.get_by_label("Safety plan made with the person").check()
        page.get_by_label("Crisis line number given").check()
        page.get_by_label("Note").fill("Safety plan made with Rowan by phone; her sister stays tonight.")
        page.get_by_role("button", name="Record response and close the alert").click()
        # Then the alert is closed, answered by them under emergency access
        page.get_by_text("Response recorded; the alert is closed.").wait_for()
        assert page.get_by_test_id("alert-risk").inner_text() == "High"
        assert page.get_by_text("under emergency access").is_visible()
        assert page.get_by_test_id("urgent-alerts").count() == 0
        _fits(page, f"answered alert ({screen})")
        assert_accessible(page, f"answered alert ({screen})")
    finally:
        context.close()
    answered = SafetyAlert.objects.get(pk=alert.pk)
    assert answered.responded_by == world.colleague and answered.responded_under is not None
    assert answered.actions == ["safety_plan", "crisis_line"]
