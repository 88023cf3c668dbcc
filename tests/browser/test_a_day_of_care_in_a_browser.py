"""A day of care, end to end, as the care issue's "done when" walks it: from the worklist a practitioner
schedules a home visit, opens it on the day, is refused child-parent psychotherapy (not qualified)
with the reason, records who was there and emotional support and developmental guidance for the
relationship against its goal, gives a PHQ-9 from inside the visit, signs the note and adds an addendum;
the worklist then drops the visit and shows the positive PHQ-9's follow-up; a discharge asks about that
follow-up and the family leaves the caseload. axe-core finds nothing, and no page is wider than the
screen, on a tablet and on a phone."""

from __future__ import annotations

import datetime
import re

import pytest

from nestling.screening.models import ScreeningResult
from nestling.tasks.models import Task
from nestling.visits.models import Visit, VisitNote, VisitService
from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory, ChildFactory, EnrollmentFactory, RelationshipFactory
from tests.factories.plans import CarePlanFactory, GoalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}
PAIR = "Maya Okoro & Ivy Okoro"


def _check(page, assert_accessible, label: str, sizes=(TABLET, PHONE)) -> None:
    """axe-clean and no sideways scrolling at each size; the page is left at the tablet's size."""
    for size in sizes:
        page.set_viewport_size(size)
        assert_accessible(page, f"{label} at {size['width']}")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{label} at {size['width']}: {scroll}px wide in {inner}px"
    page.set_viewport_size(TABLET)


def _group(page, legend: str):
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}"))


def test_a_day_of_care_from_the_worklist_to_discharge(world, page, assert_accessible):
    # Given a mother and her four-month-old on the practitioner's caseload, enrolled two months ago, with a
    # care plan whose relationship goal is calmer feeds
    today = datetime.date.today()
    family = world.family_a
    EnrollmentFactory(family=family, enrolled_on=today - datetime.timedelta(days=60))
    mother = CaregiverFactory(family=family, given_name="Maya", family_name="Okoro")
    baby = ChildFactory(
        family=family, given_name="Ivy", family_name="Okoro", date_of_birth=today - datetime.timedelta(120)
    )
    pair = RelationshipFactory(family=family, caregiver=mother, child=baby)
    plan = CarePlanFactory(family=family, started_on=today - datetime.timedelta(days=30))
    GoalFactory(plan=plan, about=pair, statement="More calm, shared moments at feeds")
    page.set_viewport_size(TABLET)
    _sign_in(page, world.practitioner.email)
    page.wait_for_url("**/caseload/")

    # When they schedule a home visit for this morning from the worklist
    page.goto("/worklist/")
    _check(page, assert_accessible, "the worklist")
    page.get_by_role("link", name=f"Schedule a visit ({family.name})").first.click()
    page.wait_for_url(f"**/families/{family.uuid}/visits/new/**")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Start").fill("07:30")
    page.get_by_label("Length").fill("60")
    page.get_by_label("Place").fill("Home")
    _check(page, assert_accessible, "scheduling a visit")
    page.locator("form button[type=submit].button--primary").click()
    page.wait_for_url("**/worklist/**")
    visit = Visit.objects.get(family=family)
    assert visit.status == "scheduled" and visit.setting == "home"
    assert "07:30" in page.get_by_test_id("next-visit").first.inner_text()

    # And open it on the day, and try to record child-parent psychotherapy, which they are not marked
    # qualified for: refused, saying why and what would change it
    page.goto(f"/families/{family.uuid}/")
    page.get_by_role("link", name=re.compile("07:30")).first.click()
    page.wait_for_url(f"**/visits/{visit.uuid}/")
    page.get_by_role("link", name="Record the visit").click()
    page.wait_for_url("**/record/")
    present = _group(page, "Who of the family was there")
    present.get_by_label("Maya Okoro").check()
    present.get_by_label("Ivy Okoro").check()
    _group(page, "Child-parent psychotherapy").get_by_label(PAIR).check()
    page.get_by_role("button", name="Save the record of the visit").click()
    refusal = page.get_by_text(re.compile("Only a practitioner qualified for relationship-based"))
    refusal.first.wait_for()
    assert "staff page" in refusal.first.inner_text()
    assert not VisitService.objects.filter(visit=visit).exists()
    _check(page, assert_accessible, "the refused record form")

    # And record the visit as it was: emotional support and developmental guidance for the relationship,
    # against its goal
    _group(page, "Child-parent psychotherapy").get_by_label(PAIR).uncheck()
    present = _group(page, "Who of the family was there")
    assert present.get_by_label("Maya Okoro").is_checked()  # what they had typed was kept
    _group(page, "Emotional support").get_by_label(PAIR).check()
    _group(page, "Developmental guidance").get_by_label(PAIR).check()
    _group(page, "Care-plan goals worked on").get_by_label(re.compile("More calm, shared moments")).check()
    page.get_by_role("button", name="Save the record of the visit").click()
    page.wait_for_url(f"**/visits/{visit.uuid}/#note")
    assert {s.service_type.code for s in VisitService.objects.filter(visit=visit)} == {
        "emotional_support",
        "developmental_guidance",
    }

    # And give Maya a PHQ-9 from inside the visit: moderate, nothing on item 9
    page.get_by_role("link", name="Give a screen during this visit").click()
    page.wait_for_url("**/screening/?visit=**")
    page.get_by_role("region", name="Maya Okoro").get_by_role(
        "link", name=re.compile(r"Patient Health Questionnaire-9")
    ).first.click()
    page.wait_for_url("**/phq-9/**")
    answers = {"1.": "More than half the days", "2.": "More than half the days", "3.": "Several days"}
    answers |= {n: "Several days" for n in ("4.", "5.", "6.", "7.", "8.")}
    for fieldset in page.locator("fieldset").all():
        legend = fieldset.locator("legend").inner_text()
        number = legend.split(" ", 1)[0]
        if number in answers:
            fieldset.get_by_label(answers[number]).check()
        elif not legend.startswith("10."):
            fieldset.get_by_label("Not at all").check()
    page.get_by_role("button", name="Score and save").click()
    page.wait_for_url("**/screening/results/**")
    result = ScreeningResult.objects.get(family=family, instrument="phq-9")
    assert result.total == 10 and result.positive
    assert list(visit.screenings.all()) == [result]

    # And write the note, sign it, and add an addendum
    page.goto(f"/families/{family.uuid}/visits/{visit.uuid}/")
    page.get_by_label(re.compile("What was observed of the relationship")).fill(
        "Maya paused the feed when Ivy looked away, and Ivy came back to her face."
    )
    page.get_by_label(re.compile("Next steps")).fill("Talk over the PHQ-9 with Maya and her doctor.")
    page.locator("[data-note-status]").filter(has_text="Draft saved at").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign the note").click()
    page.get_by_test_id("signed-note").wait_for()
    page.get_by_label("Addendum").fill("Maya rang later: she has booked to see her doctor.")
    page.get_by_role("button", name="Add the addendum").click()
    page.get_by_test_id("addenda").wait_for()
    note = VisitNote.objects.get(visit=visit)
    assert note.status == "signed" and note.addenda.count() == 1
    _check(page, assert_accessible, "the signed visit with its addendum")

    # Then the worklist no longer lists the visit, and shows the positive PHQ-9's follow-up
    page.goto("/worklist/")
    household = page.get_by_test_id("worklist-family").filter(has_text=family.name)
    text = household.inner_text()
    assert "PHQ-9" in text and "follow" in text.lower(), text
    assert "07:30" not in text and "to document" not in text.lower(), text
    _check(page, assert_accessible, "the worklist after the visit")

    # When the family is discharged, the discharge asks about that open follow-up
    page.goto(f"/families/{family.uuid}/")
    page.get_by_role("link", name="Discharge", exact=True).click()
    page.get_by_role("heading", name="Discharge from").wait_for()
    follow_up = page.get_by_role("group", name="Follow up")
    assert follow_up.is_visible()
    page.get_by_label("Reason for discharge").select_option(label="Goals met")
    page.get_by_label("Closing summary").fill("Feeds are calmer; Maya is seeing her own doctor.")
    # (the plan's review and the screens still due are asked about too: kept)
    for keep in page.get_by_label("Keep it").all():
        keep.check()
    follow_up.get_by_label("Close it").check()
    page.get_by_role("button", name="Check the discharge").click()
    page.get_by_test_id("discharge-confirm").wait_for()
    _check(page, assert_accessible, "the discharge's confirm step")
    page.get_by_role("button", name="Discharge the family").click()
    page.wait_for_url(f"**/families/{family.uuid}/")
    assert Task.objects.get(family=family, kind="positive_screen").outcome == "family_discharged"

    # Then the family has left the caseload, and is found under "Discharged"
    page.goto("/caseload/")
    assert page.get_by_role("link", name=family.name).count() == 0
    page.get_by_role("link", name="Discharged", exact=True).click()
    page.wait_for_url("**/caseload/?status=discharged")
    assert page.get_by_role("link", name=family.name).is_visible()
    _check(page, assert_accessible, "discharged families")
