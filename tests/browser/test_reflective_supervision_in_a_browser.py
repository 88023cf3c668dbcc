"""Reflective supervision in a browser, as the workforce issue's "done when" walks it: the supervisor
spots the supervisee whose qualification for relationship-based therapy lapsed and why, logs a group
RS/C session and sees the hours move on each supervisee's readiness (and the lapsed qualification come
back), downloads a readiness summary; a practitioner who was not in the session cannot read its notes.
axe-core finds nothing, and no page is wider than a tablet's screen."""

from __future__ import annotations

import datetime

import pytest

from nestling.accounts.models import Role, Supervision
from nestling.workforce.models import RscSession
from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.accounts import UserFactory
from tests.factories.workforce import rsc_session, training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 820, "height": 1180}
NOTES = "We wondered what the baby's turning away asks of each of us"


def _check(page, assert_accessible, label: str) -> None:
    assert_accessible(page, label)
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{label}: {scroll}px wide in {inner}px"


def test_the_supervisor_logs_a_group_session_and_sees_readiness_move(world, page, assert_accessible):
    # Given two supervisees: the practitioner, trained, with no RS/C yet; and Robin, trained, whose last
    # RS/C was four months ago
    today = datetime.date.today()
    robin = UserFactory(
        organization=world.org,
        email="robin@own.test",
        first_name="Robin",
        last_name="Ash",
        roles=[Role.PRACTITIONER],
    )
    Supervision.objects.create(
        organization=world.org, supervisor=world.supervisor, supervisee=robin, starts_on=today
    )
    training(world.practitioner)
    training(robin)
    rsc_session(world.supervisor, [robin], days_ago=120)
    page.set_viewport_size(TABLET)
    _sign_in(page, world.supervisor.email)
    page.wait_for_url(lambda url: "/accounts/" not in url)

    # When the supervisor opens their team
    page.goto("/team/")
    robin_card = page.locator("section.card", has=page.get_by_role("heading", name="Robin Ash"))
    # Then Robin's qualification shows as lapsed, with why and what would restore it
    qualification = robin_card.get_by_test_id("qualification")
    assert "Qualification lapsed" in qualification.inner_text()
    assert "more than 90 days ago" in qualification.inner_text()
    assert "receive an RS/C session" in qualification.inner_text()
    _check(page, assert_accessible, "team")

    # When they log a group session held today for both, discussing family A
    page.get_by_role("link", name="Reflective supervision/consultation log").click()
    page.get_by_role("link", name="Log or schedule a session").click()
    _check(page, assert_accessible, "new session")
    page.get_by_role("group", name="This session").get_by_label("was held").check()
    page.get_by_role("group", name="Individual or group").get_by_label("Group").check()
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Duration (minutes)").fill("90")
    for group in ("For", "Who was there (when held)"):
        options = page.get_by_role("group", name=group)
        options.get_by_label(world.practitioner.display_name).check()
        options.get_by_label("Robin Ash").check()
    page.get_by_role("group", name="Families discussed").get_by_label("Household A").check()
    page.get_by_label("Reflection notes").fill(NOTES)
    page.get_by_role("button", name="Save the session").click()
    page.wait_for_url("**/rsc/*/")
    assert NOTES in page.get_by_test_id("notes").inner_text()
    _check(page, assert_accessible, "session")

    # Then each supervisee's hours this month moved, and Robin's qualification is back
    page.goto("/team/")
    for name in (world.practitioner.display_name, "Robin Ash"):
        card = page.locator("section.card", has=page.get_by_role("heading", name=name))
        assert "1.5 this month" in card.get_by_test_id("rsc-hours").inner_text()
    assert "Qualified" in robin_card.get_by_test_id("qualification").inner_text()

    # And the practitioner's readiness counts the 1.5 hours toward Infant Family Specialist
    page.get_by_role(
        "link", name=f"Practice record and readiness of {world.practitioner.display_name}"
    ).click()
    row = page.locator('tr[data-credential="ifs-earn"]')
    assert "1.5 of 24" in row.inner_text()
    _check(page, assert_accessible, "practice record")
    # And the summary downloads as a PDF
    with page.expect_download() as download:
        page.get_by_role("link", name="Readiness summary (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")

    # And a practitioner who was not in the session cannot read its notes
    session = RscSession.objects.get(held_on=today)
    page.context.clear_cookies()
    _sign_in(page, world.colleague.email)
    page.wait_for_url(lambda url: "/accounts/" not in url)
    response = page.goto(f"/rsc/{session.uuid}/")
    assert response is not None and response.status == 404
    assert NOTES not in page.content()
