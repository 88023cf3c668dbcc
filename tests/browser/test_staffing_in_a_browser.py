"""Setting up a new practitioner without a shell, in a real browser at tablet size: the admin invites her,
she follows the link from the email, chooses a password and sets up an authenticator app; the manager
assigns her three families and a supervisor; she records a trauma-history factor, which the page then
hides from her and says why; the privacy officer grants her the category for a month and she sees it."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.core import mail

from nestling.accounts.models import User
from tests.factories.accounts import PASSWORD, TOTP_SECRET, current_code
from tests.factories.families import CaregiverFactory, FamilyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_EMAIL = "rowan.newcomer@own.test"
NEW_PASSWORD = "a-long-synthetic-passphrase-42"
FACTOR = "Caregiver's own childhood losses (synthetic)"


def _sign_in(page, email: str, password: str = PASSWORD, secret: str = TOTP_SECRET) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(current_code(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _sign_out(page) -> None:
    # Another person at the same tablet: a browser without the last one's session.
    page.context.clear_cookies()


def test_a_new_practitioner_is_invited_assigned_supervised_and_granted(world, page, assert_accessible):
    households = [FamilyFactory(program=world.program, name=f"Household {n}") for n in ("D", "E", "F")]
    CaregiverFactory(family=households[0])

    # Given the admin on the staff list, who invites a practitioner
    _sign_in(page, world.admin.email)
    page.goto("/staff/")
    page.get_by_role("link", name="Invite a staff member").click()
    assert_accessible(page, "invite")
    page.get_by_label("First name").fill("Rowan")
    page.get_by_label("Last name").fill("Newcomer")
    page.get_by_label("Email address").fill(NEW_EMAIL)
    page.get_by_label("Practitioner", exact=True).check()
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_url("**/account/")
    assert page.get_by_test_id("account-status").inner_text().strip() == "Invited"
    assert_accessible(page, "the invited person's page")
    _sign_out(page)

    # When she follows the link from the email and chooses a password
    link = re.search(r"http://\S+/sign-up/\S+/", mail.outbox[-1].body)
    assert link is not None
    page.goto(link.group(0))
    assert_accessible(page, "sign-up")
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("The same password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    page.get_by_test_id("signup-done").wait_for()
    page.get_by_test_id("signup-done").get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/accounts/login/")

    # Then her first sign-in asks her to set up an authenticator app before anything else
    page.get_by_label("Email").fill(NEW_EMAIL)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # (allauth asks for the password once more before a second factor is added)
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/2fa/totp/activate/")
    assert_accessible(page, "setting up the authenticator app")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(
        current_code(secret)
    )  # as her app would: allauth's own TOTP arithmetic
    page.get_by_role("button", name="Activate").click()
    page.wait_for_load_state()
    assert User.objects.get(email=NEW_EMAIL).authenticator_set.exists()
    _sign_out(page)

    # And the manager assigns her three families and a supervisor
    rowan = User.objects.get(email=NEW_EMAIL)
    _sign_in(page, world.manager.email)
    page.goto("/assignments/?show=unassigned")
    assert_accessible(page, "assignments")
    for household in households:
        page.goto(f"/assignments/{household.uuid}/")
        page.get_by_label("Practitioner", exact=True).select_option(value=str(rowan.pk))
        page.get_by_role("button", name="Assign").click()
        page.get_by_test_id("care-team").wait_for()
    assert_accessible(page, "a family's care team")
    page.goto("/supervision/")
    page.get_by_label("Supervisee", exact=True).select_option(value=str(rowan.pk))
    page.get_by_label("Reflective supervisor", exact=True).select_option(value=str(world.supervisor.pk))
    page.get_by_label("Starts on", exact=True).fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Link them").click()
    page.get_by_test_id("supervision-links").wait_for()
    assert_accessible(page, "supervision")
    _sign_out(page)

    # And she records a trauma-history factor, which her page then hides from her, saying why
    _sign_in(page, NEW_EMAIL, NEW_PASSWORD, secret)
    page.goto(f"/families/{households[0].uuid}/factors/new/")
    page.locator("select[name=group]").select_option(index=1)
    page.locator("[name=description]").fill(FACTOR)
    page.locator("select[name=sensitive_category]").select_option(value="trauma_history")
    page.locator("[name=noted_on]").fill((datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.locator("select[name=source]").select_option(index=1)
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    page.goto(f"/families/{households[0].uuid}/")
    notice = page.get_by_test_id("left-out").first
    assert "Trauma history (1 record)" in notice.inner_text()
    assert FACTOR not in page.content()
    assert_accessible(page, "the family page with a hidden factor")
    _sign_out(page)

    # When the privacy officer grants her trauma history for one month
    _sign_in(page, world.privacy.email)
    page.goto("/grants/")
    page.get_by_label("Staff member", exact=True).select_option(value=str(rowan.pk))
    page.get_by_label("Category", exact=True).select_option(value="trauma_history")
    page.locator("[name=ends_on]").fill((datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    page.locator("[name=reason]").fill("Carries the family's child-parent psychotherapy")
    page.get_by_role("button", name="Give the grant").click()
    page.get_by_test_id("grants-current").wait_for()
    assert_accessible(page, "grants")
    _sign_out(page)

    # Then she sees the factor she recorded (signing in with a fresh code: allauth refuses one used before)
    time.sleep(30 - time.time() % 30 + 0.5)
    _sign_in(page, NEW_EMAIL, NEW_PASSWORD, secret)
    page.goto(f"/families/{households[0].uuid}/")
    assert page.get_by_text(FACTOR).is_visible()
