"""A home visit in a real browser, on a tablet and then on a phone: open the scheduled visit, record who was
there, deliver emotional support and developmental guidance to the caregiver–baby relationship against
its goal, write the note (saved as a draft while typed), sign it, and add an addendum. No page is wider
than the screen, and axe-core finds nothing."""

from __future__ import annotations

import datetime
import re

import pytest

from nestling.visits.models import VisitNote, VisitService
from tests.factories.accounts import PASSWORD, current_code
from tests.factories.families import CaregiverFactory, ChildFactory, EnrollmentFactory, RelationshipFactory
from tests.factories.plans import GoalFactory
from tests.factories.visits import GroupAttendanceFactory, GroupSessionFactory, VisitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAIR = "Maya Okoro & Ivy Okoro"


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(current_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _fits(page, label: str) -> None:
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{label} is {scroll_width} px wide on a {inner_width} px screen"


def _group(page, legend: str):
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}"))


def test_a_practitioner_records_a_home_visit_signs_its_note_and_adds_an_addendum(
    world, page, assert_accessible
):
    # Given a mother and her baby on the practitioner's caseload, a goal for their relationship, and a home
    # visit scheduled for this morning
    family = world.family_a
    mother = CaregiverFactory(family=family, given_name="Maya", family_name="Okoro")
    baby = ChildFactory(
        family=family,
        given_name="Ivy",
        family_name="Okoro",
        date_of_birth=datetime.date.today() - datetime.timedelta(days=120),
    )
    pair = RelationshipFactory(family=family, caregiver=mother, child=baby)
    EnrollmentFactory(family=family)
    goal = GoalFactory(about=pair, statement="More calm, shared moments at feeds")
    visit = VisitFactory(
        family=family, practitioner=world.practitioner, starts_at=datetime.time(7, 30), place="Home"
    )
    _sign_in(page, world.practitioner.email)

    # When they open the visit from the family page
    page.goto(f"/families/{family.uuid}/")
    page.get_by_role("link", name=re.compile("07:30")).first.click()
    page.wait_for_url(f"**/visits/{visit.uuid}/")
    assert_accessible(page, "a scheduled visit")
    _fits(page, "the scheduled visit")

    # And record who was there and the services for the relationship, against its goal
    page.get_by_role("link", name="Record the visit").click()
    page.wait_for_url("**/record/")
    present = _group(page, "Who of the family was there")
    present.get_by_label("Maya Okoro").check()
    present.get_by_label("Ivy Okoro").check()
    _group(page, "Emotional support").get_by_label(PAIR).check()
    _group(page, "Developmental guidance").get_by_label(PAIR).check()
    _group(page, "Care-plan goals worked on").get_by_label(re.compile("More calm, shared moments")).check()
    assert_accessible(page, "the record form")
    page.get_by_role("button", name="Save the record of the visit").click()
    page.wait_for_url(f"**/visits/{visit.uuid}/#note")
    services = page.get_by_test_id("services").inner_text()
    assert "Emotional support" in services and "Developmental guidance" in services and PAIR in services
    assert {row.service_type.code for row in VisitService.objects.filter(visit=visit)} == {
        "emotional_support",
        "developmental_guidance",
    }
    assert list(visit.goals.all()) == [goal]

    # And write the note, which saves itself as a draft while they type
    page.get_by_label(re.compile("What was observed of the relationship")).fill(
        "Maya held Ivy facing her through the feed and paused when Ivy looked away; Ivy came back to her."
    )
    page.get_by_label(re.compile("What was offered")).fill(
        "Talked about Ivy's cues for a break during feeds."
    )
    status = page.locator("[data-note-status]")
    status.filter(has_text="Draft saved at").wait_for()
    assert VisitNote.objects.get(visit=visit).status == "draft"
    assert "/ 10,000" in page.locator(".note-counter").first.inner_text()
    assert_accessible(page, "the visit with its draft note")

    # And sign it (the page asks first)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign the note").click()
    page.wait_for_load_state()
    signed = page.get_by_test_id("signed-note")
    signed.wait_for()
    assert "paused when Ivy looked away" in signed.inner_text()

    # Then, on a phone, they add an addendum, and the signed note stays as it was
    page.set_viewport_size({"width": 390, "height": 844})
    _fits(page, "the signed visit on a phone")
    assert_accessible(page, "the signed visit on a phone")
    page.get_by_label("Addendum").fill("Maya called the next morning: the night feed went calmly.")
    page.get_by_role("button", name="Add the addendum").click()
    page.get_by_test_id("addenda").wait_for()
    assert "the night feed went calmly" in page.get_by_test_id("addenda").inner_text()
    assert "paused when Ivy looked away" in page.get_by_test_id("signed-note").inner_text()
    note = VisitNote.objects.get(visit=visit)
    assert note.status == "signed" and note.addenda.count() == 1
    _fits(page, "the visit with its addendum on a phone")
    assert_accessible(page, "the visit with its addendum on a phone")


VIEWPORTS = [(820, 1180), (390, 844)]


def test_the_visit_and_group_pages_fit_a_phone_and_a_tablet(world, page, assert_accessible):
    family = world.family_a
    mother = CaregiverFactory(family=family, given_name="Maya", family_name="Okoro")
    baby = ChildFactory(family=family, given_name="Ivy", family_name="Okoro")
    RelationshipFactory(family=family, caregiver=mother, child=baby)
    visit = VisitFactory(family=family, practitioner=world.practitioner, starts_at=datetime.time(7, 30))
    session = GroupSessionFactory(program=world.program, facilitators=[world.practitioner])
    GroupAttendanceFactory(session=session, family=family, present=[mother, baby])
    _sign_in(page, world.practitioner.email)
    urls = [
        f"/families/{family.uuid}/visits/",
        f"/families/{family.uuid}/visits/new/",
        f"/families/{family.uuid}/visits/{visit.uuid}/",
        f"/families/{family.uuid}/visits/{visit.uuid}/record/",
        f"/families/{family.uuid}/visits/{visit.uuid}/reschedule/",
        f"/programs/{world.program.uuid}/groups/",
        f"/programs/{world.program.uuid}/groups/new/",
        f"/groups/{session.uuid}/",
        f"/groups/{session.uuid}/attendance/new/?family={world.family_b.uuid}",
    ]
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            _fits(page, f"{url} at {width}px")
            assert_accessible(page, f"{url} at {width}px")
