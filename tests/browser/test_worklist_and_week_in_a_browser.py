"""The worklist and the week in a real browser, on a tablet (820×1180) and a phone (390×844): reached from
the navigation, no page wider than the screen, axe-core finds nothing; the week's days side by side on the
tablet and one under another on the phone, with the clash marked."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nestling.worklist.week import week_start
from tests.factories.accounts import PASSWORD, current_code
from tests.factories.families import EnrollmentFactory
from tests.factories.screening import FollowUpTaskFactory, SafetyAlertFactory, ScreeningResultFactory
from tests.factories.worklist import VisitFactory
from tests.worklist.conftest import busy_family

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [(820, 1180), (390, 844)]


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(current_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _fits(page) -> bool:
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return scroll_width <= inner_width


def _a_busy_caseload(world) -> None:
    today = timezone.localdate()
    busy = busy_family(world.program, world.practitioner, "Willow-Okonkwo-Villanueva household")
    # A long task text, and the household's other family with an alert of its own
    FollowUpTaskFactory(
        result=busy.result,
        text="Talk over the screen with Marisol and, if she wishes, make the referral to the perinatal "
        "mental health team; note what she decides.",
        due_on=today + datetime.timedelta(days=20),
    )
    EnrollmentFactory(family=world.family_b, enrolled_on=today - datetime.timedelta(days=10))
    SafetyAlertFactory(
        result=ScreeningResultFactory(family=world.family_b, administered_by=world.practitioner)
    )
    # The week: two visits that clash on Tuesday, a cancelled one, and visits on Monday and Sunday
    monday = week_start(today)
    for day, hour, minute, status, setting in (
        (0, 9, 0, "completed", "home"),
        (1, 10, 0, "scheduled", "home"),
        (1, 10, 30, "scheduled", "video"),
        (3, 14, 0, "cancelled", "community"),
        (6, 11, 0, "scheduled", "child_care"),
    ):
        VisitFactory(
            family=busy.family if hour != 10 or minute else world.family_b,
            practitioner=world.practitioner,
            visit_on=monday + datetime.timedelta(days=day),
            starts_at=datetime.time(hour, minute),
            status=status,
            setting=setting,
            place="Riverbend Family Resource Centre, upstairs meeting room" if setting == "community" else "",
            **({"cancelled_by": "family"} if status == "cancelled" else {}),
        )


def _nav(page, name: str) -> None:
    """Follow a link of the main navigation, opening the menu first where a phone folds it away."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") == "false":
        menu.click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def test_the_worklist_and_the_week_on_a_tablet_and_a_phone(world, page, assert_accessible):
    _a_busy_caseload(world)
    _sign_in(page, world.practitioner.email)
    problems = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})

        # The worklist, from the navigation
        page.goto(reverse("caseload"))
        _nav(page, "Worklist")
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="My worklist", level=1).is_visible()
        groups = page.get_by_test_id("worklist-family")
        assert groups.count() == 2
        # Most urgent first: the household with overdue items leads
        assert "Willow-Okonkwo-Villanueva" in groups.nth(0).inner_text()
        assert (
            page.get_by_role("link", name="Schedule a visit (Willow-Okonkwo-Villanueva household)").count()
            == 1
        )
        if not _fits(page):
            problems.append(f"worklist at {width}px")
        assert_accessible(page, f"worklist at {width}px")
        # Reordered by name, the page still fits and stays accessible
        page.get_by_label("Order", exact=True).select_option("family")
        page.get_by_role("button", name="Show").click()
        page.wait_for_load_state()
        assert "Willow" not in page.get_by_test_id("worklist-family").nth(0).inner_text()

        # The week, from the navigation
        _nav(page, "Week")
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="My week", level=1).is_visible()
        assert page.get_by_test_id("week-clashes").is_visible()
        days = page.get_by_test_id("week-day")
        assert days.count() == 7
        monday, tuesday = days.nth(0).bounding_box(), days.nth(1).bounding_box()
        assert monday is not None and tuesday is not None
        if width >= 800:
            assert abs(monday["y"] - tuesday["y"]) < 1 and tuesday["x"] > monday["x"], (
                "day columns on a tablet"
            )
        else:
            assert tuesday["y"] >= monday["y"] + monday["height"] - 1, "one day under another on a phone"
        assert page.locator(".week__visit--clash").count() == 2
        if not _fits(page):
            problems.append(f"week at {width}px")
        assert_accessible(page, f"week at {width}px")

        # The next week, and the calendar page
        page.get_by_role("link", name="Next week").click()
        page.wait_for_load_state()
        assert page.get_by_test_id("week-day").count() == 7
        assert page.get_by_test_id("week-clashes").count() == 0
        page.goto(reverse("calendar_feed"))
        if width == 820:
            # Made once: its address is shown this time only
            page.get_by_role("button", name="Make my calendar address").click()
            page.wait_for_load_state()
            assert page.get_by_test_id("feed-address").input_value().endswith(".ics")
        else:
            assert "in use" in page.get_by_test_id("feed-state").inner_text()
            assert page.get_by_test_id("feed-address").count() == 0
        if not _fits(page):
            problems.append(f"calendar page at {width}px")
        assert_accessible(page, f"calendar page at {width}px")
    assert not problems, problems


def test_a_supervisor_chooses_a_supervisees_worklist_and_week(world, browser, live_server, assert_accessible):
    _a_busy_caseload(world)
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    try:
        _sign_in(page, world.supervisor.email)
        page.goto(reverse("worklist"))
        name = world.practitioner.display_name
        assert page.get_by_role("heading", name=f"Worklist of {name}").is_visible()
        assert page.get_by_label("Whose worklist").input_value() == str(world.practitioner.uuid)
        assert page.get_by_role("link", name="See the alert").count() >= 1
        assert _fits(page)
        assert_accessible(page, "a supervisor's worklist on a phone")
        page.goto(reverse("week_schedule") + f"?practitioner={world.practitioner.uuid}")
        assert page.get_by_role("heading", name=f"Week of {name}").is_visible()
        assert _fits(page)
        assert_accessible(page, "a supervisee's week on a phone")
    finally:
        context.close()
