"""A passkey in a real browser: Chromium's virtual authenticator stands in for the phone's or laptop's own
(a platform authenticator that keeps the credential and verifies the person)."""

from __future__ import annotations

import re

import pytest

from tests.factories.accounts import PASSWORD, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIGN_IN = re.compile("^sign in$", re.IGNORECASE)


def _virtual_authenticator(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_a_practitioner_adds_a_passkey_and_signs_in_with_it(world, page, assert_accessible):
    _virtual_authenticator(page)
    # Given a practitioner signed in with their password and authenticator app
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(world.practitioner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=SIGN_IN).click()
    page.get_by_label("Code", exact=True).fill(current_code())
    page.get_by_role("button", name=SIGN_IN).click()
    page.wait_for_url("**/caseload/")
    # When they add a passkey from their account's two-factor page (confirming their password first)
    page.goto("/accounts/2fa/")
    assert_accessible(page, "two-factor authentication")
    page.get_by_role("link", name="Add").click()
    page.wait_for_url("**/reauthenticate/**")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/2fa/webauthn/add/")
    assert_accessible(page, "add a passkey")
    page.get_by_label("Name").fill("Work laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add", exact=True).click()
    # Then it is added (with recovery codes made beside it)
    page.wait_for_url("**/2fa/recovery-codes/")
    page.goto("/accounts/2fa/webauthn/")
    assert page.get_by_text("Work laptop").is_visible()
    assert_accessible(page, "passkeys")
    # And after signing out, the passkey alone signs them in and they reach their caseload
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url("**/caseload/")
    assert page.get_by_role("heading", name="My caseload").is_visible()
