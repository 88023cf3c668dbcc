"""The issue's end-to-end story in a real browser: a pregnant caregiver, the birth, a foster caregiver,
the three-patient view with corrected age, and two people editing the same caregiver."""

from __future__ import annotations

import datetime

import pytest

from nestling.families.models import Caregiver
from tests.factories.accounts import PASSWORD, current_code
from tests.factories.families import CaseloadAssignmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(current_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/caseload/")


def test_a_practitioner_enrolls_a_pregnancy_records_the_birth_and_adds_a_foster_caregiver(
    world, page, assert_accessible
):
    today = datetime.date.today()
    due = today + datetime.timedelta(days=35)  # born today, 5 weeks early: 35+0
    _sign_in(page, world.practitioner.email)
    page.get_by_role("link", name="Household A").click()
    assert_accessible(page, "empty family page")
    # Enroll during pregnancy
    page.get_by_role("link", name="Enroll").click()
    page.get_by_label("Referral source").select_option("prenatal")
    page.get_by_label("Service level").select_option("prevention")
    page.get_by_role("button", name="Enroll").click()
    # Add the pregnant caregiver
    page.get_by_role("link", name="Add caregiver").click()
    assert_accessible(page, "caregiver form")
    page.get_by_label("Given name").fill("Rosa")
    page.get_by_label("Family name").fill("Quill")
    page.get_by_label("Pregnancy due date").fill(due.isoformat())
    page.get_by_role("button", name="Add caregiver").click()
    # The expected baby, and their relationship
    page.get_by_role("link", name="Add child").click()
    page.get_by_label("Family name").fill("Quill")
    page.get_by_label("Expected due date").fill(due.isoformat())
    page.get_by_role("button", name="Add child").click()
    page.get_by_role("link", name="Add relationship").click()
    page.get_by_label("Caregiver", exact=True).select_option(label="Rosa Quill")
    page.get_by_label("Child", exact=True).select_option(index=1)
    page.get_by_label("Relationship to the child").select_option("biological_mother")
    page.get_by_label("Primary caregiver").check()
    page.get_by_role("button", name="Save relationship").click()
    assert_accessible(page, "relationship page")
    page.get_by_role("link", name="Household A").click()
    # Record the birth
    page.get_by_role("link", name="Record the birth").click()
    page.get_by_label("Given name").fill("Ivy")
    page.get_by_label("Date of birth").fill(today.isoformat())
    page.get_by_label("Sex").select_option("female")
    page.get_by_role("button", name="Record birth").click()
    # Add a foster caregiver and their relationship with the baby
    page.get_by_role("link", name="Add caregiver").click()
    page.get_by_label("Given name").fill("Dana")
    page.get_by_label("Family name").fill("Fern")
    page.get_by_role("button", name="Add caregiver").click()
    page.get_by_role("link", name="Add relationship").click()
    page.get_by_label("Caregiver", exact=True).select_option(label="Dana Fern")
    page.get_by_label("Child", exact=True).select_option(label="Ivy Quill")
    page.get_by_label("Relationship to the child").select_option("foster")
    page.get_by_role("button", name="Save relationship").click()
    page.get_by_role("link", name="Household A").click()
    # Then the three-patient view shows both caregivers, the baby with her age before term, both relationships
    text = page.locator("main").inner_text()
    assert "Rosa Quill" in text and "Dana Fern" in text and "Ivy Quill" in text
    assert "35+0 weeks postmenstrual" in text
    assert "Foster parent" in text and "Biological mother" in text
    assert "Pregnant" not in text  # the birth closed the pregnancy
    assert_accessible(page, "three-patient family page")


def test_two_browsers_editing_the_same_caregiver_refuse_the_stale_save_and_show_the_change(
    world, browser, live_server, assert_accessible
):
    # Given a colleague who shares the family (a secondary assignment) and a caregiver both will edit
    CaseloadAssignmentFactory(family=world.family_a, practitioner=world.colleague, kind="secondary")
    carer = Caregiver.objects.create(
        organization=world.org, family=world.family_a, given_name="Rosa", family_name="Quill"
    )
    first, second = (browser.new_context(base_url=live_server.url).new_page() for _ in range(2))
    for tab, person in ((first, world.practitioner), (second, world.colleague)):
        _sign_in(tab, person.email)
        tab.goto(f"/families/{world.family_a.uuid}/caregivers/{carer.uuid}/edit/")
    first.get_by_label("Phone").fill("555-0111")
    first.get_by_role("button", name="Save caregiver").click()
    first.wait_for_url("**/families/*/")
    second.get_by_label("Preferred language").fill("Tagalog")
    second.get_by_role("button", name="Save caregiver").click()
    assert second.get_by_role("heading", name="What the other person changed").is_visible()
    shown = second.locator("main").inner_text()
    assert "555-0111" in shown and world.practitioner.email in shown
    assert second.get_by_label("Preferred language").input_value() == "Tagalog"  # kept
    assert_accessible(second, "stale save")
    second.get_by_role("button", name="Save caregiver").click()  # now knowingly on top of theirs
    second.wait_for_url("**/families/*/")
    carer.refresh_from_db()
    assert (carer.phone, carer.preferred_language, carer.version) == ("555-0111", "Tagalog", 3)
