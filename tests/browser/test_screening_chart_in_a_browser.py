"""A mother's PHQ-9 history as a chart in a real browser: the bands drawn and named, a tap on a point opens
that result, legible on a tablet and a phone, and no accessibility violations."""

from __future__ import annotations

import datetime
import os

import pytest

from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory
from tests.factories.screening import ScreeningResultFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("NESTLING_SCREENSHOTS", "/tmp")


def _given(world, mother, instrument, total, band, days_ago):
    return ScreeningResultFactory(
        family=world.family_a,
        caregiver=mother,
        administered_by=world.practitioner,
        instrument=instrument,
        definition=f"{instrument}@1",
        total=total,
        band=band,
        positive=total >= 10,
        flags=[],
        administered_on=datetime.date.today() - datetime.timedelta(days=days_ago),
    )


def test_a_practitioner_reads_a_mothers_phq9_history_on_the_chart_and_taps_a_point(
    world, page, assert_accessible
):
    # Given Rowan's PHQ-9s over seven months, getting better, and an EPDS
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan", family_name="Ash")
    history = [
        _given(world, mother, "phq-9", total, band, days)
        for total, band, days in (
            (21, "severe", 210),
            (16, "moderately_severe", 150),
            (12, "moderate", 90),
            (7, "mild", 30),
            (3, "minimal", 2),
        )
    ]
    _given(world, mother, "epds", 11, "possible", 120)
    _sign_in(page, world.practitioner.email)
    page.wait_for_url("**/caseload/")
    # When the practitioner opens the latest PHQ-9
    page.goto(f"/families/{world.family_a.uuid}/screening/results/{history[-1].uuid}/")
    # Then the chart is there with its bands named in the legend, and the page passes axe
    chart = page.get_by_role("img", name="Patient Health Questionnaire-9 (PHQ-9): Rowan Ash")
    assert chart.is_visible()
    legend = page.locator(".screening-chart__legend").inner_text()
    assert "20–27 Severe" in legend and "10 or more is positive" in legend
    assert_accessible(page, "result page with its chart")
    page.locator(".screening-chart").screenshot(path=f"{SCREENSHOTS}/screening-chart-tablet.png")
    # And the family page draws her PHQ-9 and EPDS charts, still accessible
    page.goto(f"/families/{world.family_a.uuid}/screening/")
    assert page.locator("figure.screening-chart").count() == 2
    assert_accessible(page, "family screening page with charts")
    page.screenshot(path=f"{SCREENSHOTS}/screening-family-tablet.png", full_page=True)


def test_on_a_phone_the_chart_stays_legible_and_a_tap_on_a_point_opens_that_result(
    world, browser, live_server, assert_accessible
):
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan", family_name="Ash")
    older = _given(world, mother, "phq-9", 14, "moderate", 60)
    latest = _given(world, mother, "phq-9", 8, "mild", 3)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, base_url=live_server.url
    )
    try:
        phone = context.new_page()
        _sign_in(phone, world.practitioner.email)
        phone.wait_for_url("**/caseload/")
        # When the practitioner opens the latest result on a phone
        phone.goto(f"/families/{world.family_a.uuid}/screening/results/{latest.uuid}/")
        chart = phone.locator(".screening-chart")
        chart.scroll_into_view_if_needed()
        chart.screenshot(path=f"{SCREENSHOTS}/screening-chart-phone.png")
        # (only the history section: the answers table above is another part's, see the report)
        assert_accessible(phone, "result page's history on a phone", within="#history-section")
        # Then the chart keeps its text size (it scrolls sideways instead of shrinking)
        assert phone.locator(".screening-chart__canvas").bounding_box()["width"] >= 34 * 16
        # And tapping the older point opens that result
        phone.get_by_role("link", name="total 14, Moderate").tap()
        phone.wait_for_url(f"**/screening/results/{older.uuid}/")
    finally:
        context.close()
