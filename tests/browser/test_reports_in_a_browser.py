"""A manager picks last quarter, sees the depression-screening rate against the quarter before, drills
into the families not screened and downloads the funder's table; a supervisor's drill-down shows only
supervisees' families. Tablet size, axe-clean."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nestling.reports.measures.periods import last_complete
from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory, EnrollmentFactory
from tests.factories.screening import ScreeningResultFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _families(world):
    from django.utils import timezone

    quarter = last_complete("quarter", timezone.localdate())
    enrolled = quarter.start + timedelta(days=9) - timedelta(days=90)
    for family, screened in ((world.family_a, True), (world.family_b, False), (world.family_c, False)):
        EnrollmentFactory(family=family, enrolled_on=enrolled)
        caregiver = CaregiverFactory(family=family)
        if screened:
            ScreeningResultFactory(
                family=family,
                caregiver=caregiver,
                administered_on=enrolled + timedelta(days=30),
                administered_by=world.practitioner,
            )


def test_a_manager_reads_last_quarter_and_drills_into_the_families_not_screened(
    world, page, assert_accessible
):
    _families(world)
    _sign_in(page, world.manager.email)
    page.goto("/reports/")
    page.get_by_test_id("last-quarter").first.click()
    card = page.get_by_test_id("measure-depression-screening")
    assert "33%" in card.get_by_test_id("rate-current").inner_text()
    assert card.get_by_test_id("rate-previous").is_visible()
    assert_accessible(page, "measures dashboard")
    card.get_by_test_id("drill-not-met").click()
    names = page.get_by_test_id("drill-family").all_inner_texts()
    assert any("Household B" in n for n in names) and any("Household C" in n for n in names)
    assert not any("Household A" in n for n in names)
    assert_accessible(page, "drill-down")
    page.go_back()
    page.get_by_role("link", name="Funder's table").click()
    with page.expect_download() as download:
        page.get_by_test_id("download-csv").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert_accessible(page, "funder's table")


def test_a_supervisors_drilldown_shows_only_supervisees_families(world, page):
    _families(world)
    _sign_in(page, world.supervisor.email)
    page.goto("/reports/?period=quarter")
    page.get_by_test_id("measure-depression-screening").get_by_test_id("drill-not-met").click()
    names = page.get_by_test_id("drill-family").all_inner_texts()
    assert any("Household B" in n for n in names)
    assert not any("Household C" in n for n in names)


def test_the_report_pages_fit_a_phone(world, browser, live_server, assert_accessible):
    _families(world)
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    try:
        _sign_in(page, world.manager.email)
        for url in (
            "/reports/?period=quarter",
            "/reports/funder/",
            "/reports/data-quality/",
            "/reports/exports/",
        ):
            page.goto(url)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
            assert_accessible(page, url)
    finally:
        context.close()
