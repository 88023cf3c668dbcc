"""The main pages, signed in as each role, on a tablet (820×1180) and a phone (390×844): no page wider than
the screen, and axe-core finds nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from nestling.growth.services import measurement_record
from nestling.screening.services import screening_record
from tests.factories.accounts import PASSWORD, current_code
from tests.factories.families import CaregiverFactory, ChildFactory, RelationshipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [(820, 1180), (390, 844)]
TODAY = datetime.date.today()


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(current_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


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
