"""A preterm baby's growth page in a real browser: the chart at corrected age, recording a weight on a
tablet-sized screen, a refused value kept with a clear message, and no accessibility violations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.factories.accounts import PASSWORD, current_code
from tests.factories.families import ChildFactory
from tests.factories.growth import MeasurementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _days_ago(days: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=days)


def test_a_practitioner_records_a_weight_for_a_preterm_baby_and_sees_corrected_age(
    world, page, assert_accessible
):
    # Given a boy born at 30+3 weeks, four months ago, weighed twice since
    baby = ChildFactory(
        family=world.family_a,
        given_name="Theo",
        sex="male",
        date_of_birth=_days_ago(120),
        gestation_weeks=30,
        gestation_days=3,
        birth_weight_grams=1450,
    )
    for days, kg in ((90, "2.1"), (40, "3.6")):
        MeasurementFactory(
            child=baby, measured_by=world.practitioner, measured_on=_days_ago(days), value=Decimal(kg)
        )
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(world.practitioner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(current_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/caseload/")
    # When they open his growth page from the family page
    page.goto(f"/families/{world.family_a.uuid}/")
    page.get_by_role("link", name="Growth of Theo").click()
    page.wait_for_url("**/growth/")
    # Then the chart is there, and the history says he is read at corrected age
    assert page.locator("svg").first.is_visible()
    assert "corrected" in page.locator("main").inner_text().lower()
    assert_accessible(page, "growth page")
    # And an impossible weight is refused with a message, keeping what was typed
    page.get_by_role("textbox", name="Value").fill("45")
    page.get_by_role("button", name="Save measurement").click()
    assert page.get_by_role("textbox", name="Value").input_value() == "45"
    assert page.get_by_role("alert").first.is_visible()
    assert_accessible(page, "growth page with an error")
    # And a real weight is recorded and listed
    page.get_by_role("textbox", name="Value").fill("4.9")
    page.get_by_role("button", name="Save measurement").click()
    page.wait_for_load_state()
    assert "4.9" in page.locator("main").inner_text()
