from __future__ import annotations

import pytest

from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_long_form_keeps_the_session_alive_and_an_untouched_page_warns_before_it_ends(
    world, page, assert_accessible
):
    # Given a practitioner with a PHQ-9 open for a mother (the page's clock is under the test's control)
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan")
    page.clock.install()
    _sign_in(page, world.practitioner.email)
    page.wait_for_url("**/caseload/")
    page.goto(f"/families/{world.family_a.uuid}/screening/caregiver/{mother.uuid}/phq-9/")
    dialog = page.locator("#session-warning")
    # When six quiet minutes pass and then they choose an answer
    page.clock.fast_forward("06:00")
    with page.expect_response("**/session/keepalive") as answered:
        page.locator("fieldset").first.get_by_label("Several days").check()
    # Then the page told the server they are still working, and no warning shows
    assert answered.value.status == 204
    assert dialog.is_hidden()
    # When the page is left untouched until two minutes before the 30-minute idle limit
    page.clock.fast_forward("28:10")
    # Then a dialog asks whether they are still working, with the focus on its button
    stay = page.get_by_role("button", name="Stay signed in")
    stay.wait_for()
    assert page.get_by_role("alertdialog", name="Are you still working here?").is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stay signed in"
    assert_accessible(page, "idle-session warning")
    # When they choose to stay, the session is refreshed and the dialog goes
    with page.expect_response("**/session/keepalive") as answered:
        stay.click()
    assert answered.value.status == 204
    dialog.wait_for(state="hidden")
    # And the answer chosen before is still on the form
    assert page.locator("fieldset").first.get_by_label("Several days").is_checked()
    # When the page is then left alone past the limit (the server's clock moved on too), it says the
    # session has ended
    _age_session(page, minutes=31)
    page.clock.fast_forward("31:00")
    page.get_by_role("alertdialog", name="Your session has ended").wait_for()
    assert page.get_by_role("link", name="Sign in again").is_visible()


def _age_session(page, *, minutes: int) -> None:
    """Move the server's record of the browser's last request back, as if that long had passed."""
    from django.contrib.sessions.backends.db import SessionStore

    from nestling.accounts.middleware import SEEN_AT

    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[SEEN_AT] = session[SEEN_AT] - minutes * 60
    session.save()
