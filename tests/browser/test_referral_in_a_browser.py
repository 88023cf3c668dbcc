"""A referral in a real browser, on a tablet and a phone: the practitioner refers the mother after a
positive PHQ-9 from the result's page, makes the letter (which holds only what her consent allows), and
a referral not moving past its expected date shows on the worklist. axe-core finds nothing, and no page
is wider than the screen."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from nestling.documents.pdf import pdf_text
from nestling.families.models import ConsentKind, subject_of
from nestling.referrals.models import Referral
from nestling.referrals.services.directory import local_service_create
from nestling.referrals.services.referrals import ReferralDraft, referral_create
from nestling.screening.services import screening_record
from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.families import CaregiverFactory, ChildFactory, ConsentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}
DAY = datetime.timedelta(days=1)


def _check(page, assert_accessible, label: str) -> None:
    for size in (TABLET, PHONE):
        page.set_viewport_size(size)
        assert_accessible(page, f"{label} at {size['width']}")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{label} at {size['width']}: {scroll}px wide in {inner}px"
    page.set_viewport_size(TABLET)


def test_a_practitioner_refers_the_mother_after_a_positive_phq9_and_makes_the_letter(
    world, page, assert_accessible, tmp_path: Path
):
    # Given a mother whose PHQ-9 today was positive, her consent to share with the perinatal team, the
    # team in the directory, and a referral of her son sent three weeks ago that has not moved
    today = datetime.date.today()
    family = world.family_a
    mother = CaregiverFactory(family=family, given_name="Rowan", family_name="Okafor", phone="555-0100")
    son = ChildFactory(
        family=family, given_name="Ezra", family_name="Okafor", date_of_birth=today - 700 * DAY
    )
    result = screening_record(
        family=family,
        subject=mother,
        instrument_id="phq-9",
        answers=[2, 2, 2, 2, 1, 1, 1, 0, 0],
        by=world.practitioner,
        administered_on=today,
    )
    team = local_service_create(
        by=world.manager, kind="adult_mental_health", name="Riverbend Perinatal Team", phone="555-0140"
    )
    ei = local_service_create(
        by=world.manager, kind="early_intervention", name="County Early Intervention", phone="555-0141"
    )
    ConsentFactory(
        family=family,
        kind=ConsentKind.DATA_SHARING,
        given_by=mother,
        given_by_other="",
        recipient="Riverbend Perinatal Team",
        purpose="Referral",
    )
    referral_create(
        family=family,
        by=world.practitioner,
        send=True,
        draft=ReferralDraft(
            subject=subject_of(son),
            reason="Few words at two",
            referred_on=today - 21 * DAY,
            expected_by=today - 5 * DAY,
            service=ei,
            domain="development",
        ),
    )
    page.set_viewport_size(TABLET)
    _sign_in(page, world.practitioner.email)
    page.wait_for_url("**/caseload/")

    # When they open the result and make a referral from it
    page.goto(reverse("screening_result", args=[family.uuid, result.uuid]))
    prompted = page.get_by_role("region", name="Referrals prompted by this")
    prompted.get_by_role("link", name="Make a referral").click()
    page.get_by_role("heading", name="Make a referral", level=1).wait_for()
    _check(page, assert_accessible, "referral form")
    page.get_by_label("Service (from your directory)").select_option(
        label="Riverbend Perinatal Team (Adult mental health)"
    )
    page.get_by_label("Reason for the referral", exact=True).fill(
        "Low mood since the birth; she asked for someone to talk to."
    )
    page.get_by_label("The reason for the referral").check()
    page.get_by_label("Consent to share information").select_option(index=1)
    page.get_by_label("It is sent today").check()
    page.get_by_role("button", name="Save the referral").click()

    # Then the referral's page shows it sent, prompted by the screen, with its status history
    page.get_by_role("heading", name="Referral to Riverbend Perinatal Team").wait_for()
    referral = Referral.objects.get(service=team)
    assert (referral.from_result, referral.domain, referral.status) == (result, "depression", "sent")
    _check(page, assert_accessible, "referral page")

    # When they make the letter
    page.get_by_role("link", name="Make the letter", exact=True).click()
    _check(page, assert_accessible, "letter page")
    with page.expect_download() as download:
        page.get_by_role("button", name="Make the letter (PDF)").click()
    saved = tmp_path / "letter.pdf"
    download.value.save_as(saved)
    text = pdf_text(saved.read_bytes())
    # Then it holds the reason her consent allows, and not her name, phone or screen
    assert "Low mood since the birth" in text
    assert "Rowan" not in text and "555-0100" not in text and "PHQ" not in text

    # And the referral that has not moved is on the worklist, overdue
    page.goto(reverse("worklist"))
    page.get_by_text("Chase the referral of Ezra Okafor").first.wait_for()
    _check(page, assert_accessible, "worklist with a referral to chase")
