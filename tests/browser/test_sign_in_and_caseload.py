from __future__ import annotations

import pytest

from tests.factories.accounts import PASSWORD, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(current_code())
    page.get_by_role("button", name="Sign in").click()


def test_a_practitioner_signs_in_with_mfa_and_sees_their_caseload(world, page, assert_accessible):
    # Given the sign-in page, which must be accessible before anyone is signed in
    page.goto("/accounts/login/")
    assert_accessible(page, "sign-in")
    # When the practitioner gives their password
    page.get_by_label("Email").fill(world.practitioner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Then they are asked for the second factor before anything else
    page.wait_for_url("**/2fa/authenticate/")
    assert_accessible(page, "second factor")
    page.get_by_label("Code", exact=True).fill(current_code())
    page.get_by_role("button", name="Sign in").click()
    # And land on their caseload, which lists their families and not a colleague's
    page.wait_for_url("**/caseload/")
    assert page.get_by_role("heading", name="My caseload").is_visible()
    assert page.get_by_role("link", name="Household A").is_visible()
    assert page.get_by_role("link", name="Household C").count() == 0
    assert_accessible(page, "caseload")
    # And the family page opens from the caseload
    page.get_by_role("link", name="Household A").click()
    page.wait_for_url("**/families/**")
    assert page.get_by_role("heading", name="Household A").is_visible()
    assert_accessible(page, "family page")


def test_keyboard_only_reaches_the_caseload_and_the_skip_link(world, page):
    _sign_in(page, world.practitioner.email)
    page.wait_for_url("**/caseload/")
    # The first Tab lands on the skip link, which moves focus to the main content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    ("persona", "path", "heading"),
    [
        ("supervisor", "/team/", "My team"),
        ("manager", "/program/", "Program overview"),
        ("privacy", "/audit/", "Audit trail"),
        ("admin", "/staff/", "Staff"),
    ],
)
def test_each_role_lands_on_an_accessible_page_of_its_own(
    world, page, assert_accessible, persona, path, heading
):
    _sign_in(page, world.persona(persona).email)
    page.wait_for_url(f"**{path}")
    assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert_accessible(page, path)
