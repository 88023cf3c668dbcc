"""A care plan in a real browser: a practitioner starts a plan from the family page, sets a goal for the
mother and baby's relationship, rates its progress twice, and reads the chart with its table beside it;
on a tablet (820×1180) and a phone (390×844), no page wider than the screen and axe-core finds nothing."""

from __future__ import annotations

import datetime
import os

import pytest

from nestling.plans.services.goals import goal_create, goal_progress_record
from nestling.plans.services.plan import care_plan_create
from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory, ChildFactory, EnrollmentFactory, RelationshipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("NESTLING_SCREENSHOTS", "/tmp")
GOAL = "Rowan and Wren enjoy bath time together"


def _day(days: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def _no_sideways_scroll(page, label: str) -> None:
    wide, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert wide <= screen, f"{label}: {wide}px wide on a {screen}px screen"


@pytest.fixture
def household(world):
    family = world.family_a
    mother = CaregiverFactory(family=family, given_name="Rowan", family_name="Ash")
    baby = ChildFactory(family=family, given_name="Wren", family_name="Ash")
    RelationshipFactory(family=family, caregiver=mother, child=baby)
    EnrollmentFactory(family=family)
    return family


def _rate(page, level: str, on: str, note: str) -> None:
    page.get_by_role("link", name="Rate progress").click()
    page.get_by_label("Rated on").fill(on)
    page.get_by_label(level).check()
    page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Save the rating").click()
    page.wait_for_url("**/goals/*/")


def test_a_practitioner_plans_a_relationship_goal_and_sees_its_progress(
    world, household, page, assert_accessible
):
    _sign_in(page, world.practitioner.email)
    page.wait_for_url("**/caseload/")
    # Given the family page, which offers to start a plan
    page.goto(f"/families/{household.uuid}/")
    page.get_by_role("link", name="Start a care plan").click()
    # When the practitioner starts the plan a month back
    assert_accessible(page, "start a plan")
    page.get_by_label("Plan started on").fill(_day(-30))
    page.get_by_label("What the family hopes for").fill("Rowan wants bath time to be fun again.")
    page.get_by_role("button", name="Start the plan").click()
    page.wait_for_url("**/plans/*/")
    assert_accessible(page, "an empty plan")
    # And sets a goal for the relationship, with interaction guidance every week
    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Whom the goal is for").select_option(label="Rowan Ash & Wren Ash")
    page.get_by_label("The goal", exact=True).fill(GOAL)
    page.get_by_label("What progress will look like").fill("Rowan follows Wren's lead and they both smile.")
    page.get_by_label("What led to this goal, in words").fill("Rowan said bath time feels like a battle.")
    page.get_by_label("Interaction guidance", exact=True).check()
    page.get_by_label("How often: Interaction guidance").fill("every week")
    assert_accessible(page, "the goal form")
    page.get_by_role("button", name="Set the goal").click()
    page.wait_for_url("**/goals/*/")
    # And rates its progress twice
    _rate(page, "Early steps", _day(-20), "Tense at first; laughed at the end.")
    _rate(page, "Some progress", _day(0), "Sang together; Rowan waited for Wren.")
    # Then the goal's page draws both ratings, with the table beside the chart
    chart = page.get_by_role("img", name=f"Progress on the goal: {GOAL}")
    assert chart.is_visible()
    assert page.locator(".progress-chart__points circle").count() == 2
    table = page.get_by_role("table", name="Every rating of this goal, oldest first")
    assert "1 · Not started" not in table.inner_text() and "3 · Some progress" in table.inner_text()
    assert "2 · Early steps" in table.inner_text()
    assert_accessible(page, "the goal with its chart")
    _no_sideways_scroll(page, "goal page on a tablet")
    page.locator(".progress-chart").screenshot(path=f"{SCREENSHOTS}/progress-chart-tablet.png")
    page.screenshot(path=f"{SCREENSHOTS}/goal-tablet.png", full_page=True)
    # And the plan page lists it under the relationship with its latest progress and services
    page.get_by_role("link", name="Care plan").first.click()
    main = page.locator("main").inner_text()
    assert "Rowan Ash & Wren Ash" in main and "Interaction guidance (every week)" in main
    assert "Some progress" in main
    assert_accessible(page, "the plan with a goal")
    _no_sideways_scroll(page, "plan page on a tablet")
    page.screenshot(path=f"{SCREENSHOTS}/plan-tablet.png", full_page=True)


def test_on_a_phone_the_plan_and_the_goal_fit_and_the_chart_stays_legible(
    world, household, browser, live_server, assert_accessible
):
    plan = care_plan_create(
        family=household,
        by=world.practitioner,
        started_on=datetime.date.today() - datetime.timedelta(days=60),
        review_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    pair = household.relationships.get()
    goal = goal_create(
        plan=plan,
        by=world.practitioner,
        about=pair,
        statement=GOAL,
        progress_looks_like="Rowan follows Wren's lead.",
        review_on=datetime.date.today() + datetime.timedelta(days=20),
        responsible=world.practitioner,
        motivation_note="Rowan asked for it.",
    )
    for days, level in ((-50, 1), (-30, 2), (-5, 4)):
        goal_progress_record(
            goal=goal,
            by=world.practitioner,
            rated_on=datetime.date.today() + datetime.timedelta(days=days),
            rating=level,
        )
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, base_url=live_server.url
    )
    try:
        phone = context.new_page()
        _sign_in(phone, world.practitioner.email)
        phone.wait_for_url("**/caseload/")
        for url, label in (
            (f"/families/{household.uuid}/plans/{plan.uuid}/", "plan page on a phone"),
            (f"/families/{household.uuid}/goals/{goal.uuid}/", "goal page on a phone"),
            (f"/families/{household.uuid}/goals/{goal.uuid}/edit/", "goal form on a phone"),
            (f"/families/{household.uuid}/", "family page with the plan on a phone"),
        ):
            phone.goto(url)
            assert_accessible(phone, label)
            _no_sideways_scroll(phone, label)
        phone.goto(f"/families/{household.uuid}/goals/{goal.uuid}/")
        # The chart keeps its text size: it scrolls sideways inside its frame instead of shrinking
        assert phone.locator(".progress-chart__svg").bounding_box()["width"] >= 30 * 16
        phone.locator(".progress-chart").screenshot(path=f"{SCREENSHOTS}/progress-chart-phone.png")
    finally:
        context.close()
