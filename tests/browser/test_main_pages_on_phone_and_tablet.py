"""The main pages, signed in as each role, on a tablet (820×1180) and phones (390×844, 360×740): no page
wider than the screen, and axe-core finds nothing. On a phone the header folds its menu away, each caseload
row is a card that shows all of it, the growth chart's labels stay legible, and the schedule's choices show
whole."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from nestling.growth.services import measurement_record
from nestling.screening.services import screening_record
from tests.factories.accounts import PASSWORD, current_code
from tests.factories.families import CaregiverFactory, ChildFactory, RelationshipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [(820, 1180), (390, 844), (360, 740)]
PHONES = [(390, 844), (360, 740)]
TODAY = datetime.date.today()


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(current_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _signed_in_phone(browser, live_server, world, persona: str, *, width: int = 390, height: int = 844):
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
    page = context.new_page()
    _sign_in(page, world.persona(persona).email)
    return context, page


def _inside_the_screen(page, locator) -> bool:
    box = locator.bounding_box()
    width = page.evaluate("window.innerWidth")
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width and locator.is_visible()


def _page_fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _family_with_a_history(world):
    family = world.family_a
    mother = CaregiverFactory(family=family, given_name="Rosa", family_name="Vega")
    # Two people with one name: the screening page must still tell their sections apart.
    CaregiverFactory(family=family, given_name="Rosa", family_name="Vega")
    baby = ChildFactory(
        family=family,
        given_name="Ivy",
        family_name="Vega",
        date_of_birth=TODAY - datetime.timedelta(days=150),
    )
    RelationshipFactory(family=family, caregiver=mother, child=baby)
    result = screening_record(
        family=family,
        subject=mother,
        instrument_id="phq-9",
        answers=[2, 2, 1, 1, 1, 1, 1, 1, 0],
        by=world.practitioner,
        administered_on=TODAY,
    )
    for days, kg in ((120, "4.9"), (60, "5.8"), (0, "6.6")):
        measurement_record(
            child=baby,
            by=world.practitioner,
            kind="weight",
            value=Decimal(kg),
            measured_on=TODAY - datetime.timedelta(days=days),
        )
    return family, baby, result


def _walk(page, assert_accessible, urls: list[str]) -> list[str]:
    problems = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            scroll_width, inner_width = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll_width > inner_width:
                problems.append(f"{url} at {width}px is {scroll_width} px wide")
            assert_accessible(page, f"{url} at {width}px")
    return problems


def test_a_practitioners_main_pages_fit_a_phone_and_a_tablet(world, page, assert_accessible):
    family, baby, result = _family_with_a_history(world)
    _sign_in(page, world.practitioner.email)
    urls = [
        reverse("caseload"),
        reverse("family_detail", args=[family.uuid]),
        reverse("family_timeline", args=[family.uuid]),
        reverse("family_screening", args=[family.uuid]),
        reverse("screening_result", args=[family.uuid, result.uuid]),
        reverse("child_growth", args=[baby.uuid]),
    ]
    assert not _walk(page, assert_accessible, urls)


def test_the_supervisor_manager_and_privacy_officer_pages_fit_a_phone_and_a_tablet(
    world, browser, live_server, assert_accessible
):
    _family_with_a_history(world)
    for persona, urls in (
        ("supervisor", [reverse("team")]),
        ("manager", [reverse("program_overview"), reverse("program_schedule", args=[world.program.uuid])]),
        ("privacy", [reverse("audit_list")]),
    ):
        context = browser.new_context(viewport={"width": 820, "height": 1180}, base_url=live_server.url)
        page = context.new_page()
        try:
            _sign_in(page, world.persona(persona).email)
            assert not _walk(page, assert_accessible, urls), persona
        finally:
            context.close()


def test_on_a_phone_the_header_folds_its_menu_behind_a_button(world, browser, live_server, assert_accessible):
    context, page = _signed_in_phone(browser, live_server, world, "practitioner")
    try:
        for width, height in PHONES:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(reverse("caseload"))
            # The header leaves the screen to the page: well under the ~285 px it took, the menu folded
            header = page.locator(".site-header").bounding_box()
            assert header is not None and header["height"] < 120, (width, header)
            menu = page.get_by_role("button", name="Menu")
            assert menu.get_attribute("aria-expanded") == "false"
            assert not page.get_by_role("link", name="Find a family").is_visible()
            assert not page.get_by_role("button", name="Sign out").is_visible()
            # Opening it shows the navigation and the account, and says it is open
            menu.click()
            assert menu.get_attribute("aria-expanded") == "true"
            assert page.get_by_role("link", name="Find a family").is_visible()
            assert page.get_by_role("button", name="Sign out").is_visible()
            assert _page_fits(page)
            assert_accessible(page, f"caseload with the menu open at {width}px")
            # Escape folds it again and gives the focus back to the button
            page.get_by_role("link", name="Find a family").focus()
            page.keyboard.press("Escape")
            assert menu.get_attribute("aria-expanded") == "false"
            assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "site-menu"
        # On a tablet nothing is folded
        page.set_viewport_size({"width": 820, "height": 1180})
        assert not menu.is_visible() and page.get_by_role("link", name="Find a family").is_visible()
        # Without script the menu is a link that opens the panel all the same
        bare = browser.new_context(
            viewport={"width": 390, "height": 844},
            base_url=live_server.url,
            java_script_enabled=False,
            storage_state=context.storage_state(),
        )
        try:
            plain = bare.new_page()
            plain.goto(reverse("caseload"))
            assert not plain.get_by_role("link", name="Find a family").is_visible()
            plain.get_by_role("link", name="Menu").click()
            assert plain.get_by_role("link", name="Find a family").is_visible()
        finally:
            bare.close()
    finally:
        context.close()


def test_on_a_phone_each_caseload_row_shows_its_reference_program_role_and_since(
    world, browser, live_server, assert_accessible
):
    _family_with_a_history(world)
    context, page = _signed_in_phone(browser, live_server, world, "practitioner")
    try:
        for width, height in PHONES:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(reverse("caseload"))
            rows = page.locator("tbody tr")
            assert rows.count() == 2
            for index, family in enumerate((world.family_a, world.family_b)):
                row = rows.nth(index)
                for shown in (family.reference, family.program.name, "Primary"):
                    assert _inside_the_screen(page, row.get_by_text(shown, exact=True)), (width, shown)
                assert _inside_the_screen(page, row.locator("td").last), (width, "since")
                # each value is shown beside its column's name
                names = row.evaluate(
                    "row => [...row.cells].slice(1).map(cell => getComputedStyle(cell, '::before').content)"
                )
                assert names == ['"Needs"', '"Reference"', '"Program"', '"Your role"', '"Since"'], names
            assert _page_fits(page)
            assert_accessible(page, f"caseload at {width}px")
    finally:
        context.close()


def test_on_a_phone_the_growth_charts_labels_are_legible_and_apart(world, browser, live_server):
    _family, baby, _result = _family_with_a_history(world)
    baby.sex = "female"
    baby.save(update_fields=["sex"])
    context, page = _signed_in_phone(browser, live_server, world, "practitioner")
    try:
        for width, height in PHONES:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(reverse("child_growth", args=[baby.uuid]))
            chart = page.locator(".growth-chart__svg").first
            labels = chart.locator(".growth-chart__axis text, .growth-chart__lines text")
            boxes = [
                labels.nth(i).bounding_box() for i in range(labels.count()) if labels.nth(i).is_visible()
            ]
            # Every label shown is drawn at least 9 px tall on the screen (it was about 6 px)
            assert boxes and min(b["height"] for b in boxes if b) >= 9, (width, boxes)
            # and the month labels along the x axis do not run into each other
            ticks = chart.locator(".growth-chart__x-tick")
            months = sorted(
                (ticks.nth(i).bounding_box() for i in range(ticks.count()) if ticks.nth(i).is_visible()),
                key=lambda box: box["x"] if box else 0,
            )
            assert len(months) >= 3
            assert all(a["x"] + a["width"] < b["x"] for a, b in itertools.pairwise(months)), months
            # the axis's name, too long for the drawing at this width, is said under it
            note = page.locator(".growth-chart__x-note").first
            assert note.is_visible() and note.inner_text().startswith("Age in months")
            assert _page_fits(page)
    finally:
        context.close()


def test_on_a_phone_the_schedule_shows_every_choice_whole(world, browser, live_server, assert_accessible):
    context, page = _signed_in_phone(browser, live_server, world, "manager")
    try:
        for width, height in [*PHONES, (820, 1180)]:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(reverse("program_schedule", args=[world.program.uuid]))
            assert _page_fits(page)
            # Each line's fields are labelled where they are, and inside the screen
            first = page.get_by_label("Line 1: For", exact=True)
            assert _inside_the_screen(page, first)
            assert _inside_the_screen(
                page, page.get_by_label("Line 1: Stop showing after (days)", exact=True)
            )
            # Every select is wide enough for its longest choice (it was cut to "Every careg")
            cut = page.evaluate(
                """() => {
                  const ruler = document.createElement("canvas").getContext("2d");
                  return [...document.querySelectorAll(".schedule-table select")].filter((select) => {
                    const style = getComputedStyle(select);
                    ruler.font = style.font;
                    const texts = [...select.options].map((o) => ruler.measureText(o.text).width);
                    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
                    const longest = Math.max(...texts);
                    const room = select.clientWidth - padding;
                    return longest > room;
                  }).map((select) => select.id);
                }"""
            )
            assert not cut, (width, cut)
            assert_accessible(page, f"schedule at {width}px")
    finally:
        context.close()
