"""In a real browser: an EPDS given from the program's licensed copy (synthetic text here), and the
settings page that says which copies are loaded."""

from __future__ import annotations

import pytest

from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory
from tests.factories.screening import InstrumentWordingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_gives_an_epds_from_the_programs_copy(world, page, assert_accessible):
    # Given the organization has loaded its EPDS copy
    InstrumentWordingFactory(organization=world.org)
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan")
    _sign_in(page, world.practitioner.email)
    page.wait_for_url("**/caseload/")
    # When the practitioner opens the form, it reads as the copy
    page.goto(f"/families/{world.family_a.uuid}/screening/caregiver/{mother.uuid}/epds/")
    assert page.get_by_test_id("licensed-wording").is_visible()
    assert page.get_by_role("group", name="1. Synthetic item 1 text").is_visible()
    assert_accessible(page, "EPDS form from the licensed copy")
    # And each question answered by its label is scored by its place in the key
    for n in range(1, 11):
        page.get_by_role("group", name=f"{n}. Synthetic item {n} text").get_by_label(
            f"Synthetic choice {n}.1"
        ).check()
    page.get_by_role("button", name="Score and save").click()
    page.wait_for_url("**/screening/results/**")
    # Then the result's answers table shows the copy's questions and answers
    row = page.get_by_role("row", name="3. Synthetic item 3 text")
    assert "Synthetic choice 3.1" in row.inner_text()
    assert "3" in row.get_by_role("cell").last.inner_text()  # item 3 is reverse scored: first choice is 3
    assert_accessible(page, "EPDS result from the licensed copy")


def test_the_admin_sees_which_copies_are_loaded(world, page, assert_accessible):
    InstrumentWordingFactory(organization=world.org)
    _sign_in(page, world.admin.email)
    page.wait_for_url("**/staff/")
    page.goto("/settings/")
    section = page.get_by_test_id("licensed-wording")
    assert section.get_by_role("heading", name="Wording of licensed instruments").is_visible()
    assert "Synthetic permission letter 2026-03" in section.inner_text()
    assert_accessible(page, "settings with licensed wording")
