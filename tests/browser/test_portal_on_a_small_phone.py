"""The portal is phone-first: every caregiver page, at 360 px wide, scrolls only down and is axe-core clean,
in English, Spanish and Dutch — and is really in the language the caregiver reads."""

from __future__ import annotations

import datetime

import pytest

from nestling.pathways.services import pathway_start
from nestling.portal.models import LanguagePreference, PortalSettings, QuestionnaireAssignment
from nestling.portal.principal import caregiver_principal
from nestling.portal.services.questionnaires import definition_for, questionnaire_assign, questionnaire_submit
from tests.factories.accounts import PASSWORD
from tests.factories.families import ChildFactory, EnrollmentFactory, RelationshipFactory
from tests.factories.portal import portal_caregiver
from tests.factories.visits import VisitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SMALL_PHONE = {"width": 360, "height": 740}
# The material's title in each language
MATERIAL_TITLE = {
    "en": "What your baby is telling you",
    "es": "Lo que tu bebé te está diciendo",
    "nl": "Wat je baby je vertelt",
}


def _fits(page, label: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SMALL_PHONE["width"], f"{label}: {width}px wide on a {SMALL_PHONE['width']}px phone"


@pytest.mark.parametrize("language", ["en", "es", "nl"])
def test_every_portal_page_fits_a_small_phone_and_is_accessible(
    language, world, browser, live_server, assert_accessible
):
    # Given a mother with everything her portal can show: a pathway, a visit, a questionnaire to fill in and
    # one she sent, and long crisis contacts
    today = datetime.date.today()
    family = world.family_a
    EnrollmentFactory(family=family, enrolled_on=today - datetime.timedelta(days=90))
    mother = portal_caregiver(
        family, email=f"mother-{language}@home.test", invited_by=world.practitioner, given_name="Maximiliana"
    )
    LanguagePreference.objects.create(user=mother.user, language=language)
    baby = ChildFactory(family=family, given_name="Wren", date_of_birth=today - datetime.timedelta(days=9))
    RelationshipFactory(family=family, caregiver=mother.caregiver, child=baby)
    pathway_start(family=family, pathway_key="pregnancy-to-three-months@1", child=baby, by=world.practitioner)
    visit = VisitFactory(
        family=family, practitioner=world.practitioner, visit_on=today + datetime.timedelta(days=3)
    )
    waiting = questionnaire_assign(
        family=family, caregiver=mother.caregiver, instrument="phq-9", by=world.practitioner
    )
    sent = questionnaire_assign(
        family=family, caregiver=mother.caregiver, instrument="phq-9", by=world.practitioner
    )
    principal = caregiver_principal(mother.user)
    assert principal is not None
    questionnaire_submit(
        principal=principal,
        assignment=sent,
        answers={item.id: "0" for item in definition_for("phq-9").items if item.select == "single"},
    )
    PortalSettings.objects.create(
        organization=world.org,
        emergency_number="112",
        crisis_contacts="A synthetic crisis line with a rather long name for a small screen | 0800 000 0000",
    )
    context = browser.new_context(viewport=SMALL_PHONE, base_url=live_server.url)
    try:
        page = context.new_page()
        # When she signs in
        page.goto("/accounts/login/")
        _fits(page, "sign-in")
        page.locator("input[name=login]").fill(mother.user.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url("**/portal/")
        # Then every page of hers is in her language, fits the phone and is accessible
        pages = {
            "home": "/portal/",
            "material": "/portal/materials/noticing-your-babys-signals/",
            "questionnaire": f"/portal/questionnaires/{waiting.uuid}/",
            "questionnaire sent": f"/portal/questionnaires/{sent.uuid}/sent/",
            "help now": "/portal/help/",
            "account": "/portal/account/",
            "another visit time": f"/portal/visits/{visit.uuid}/change/",
        }
        for label, url in pages.items():
            response = page.goto(url)
            assert response is not None and response.status == 200, f"{label} ({language}): {response}"
            assert page.locator("html").get_attribute("lang") == language, f"{label} ({language})"
            _fits(page, f"{label} ({language})")
            assert_accessible(page, f"{label} ({language})")
            # large touch targets: every link and button of the page's own content is at least 24 px high
            for target in page.locator("main a.portal-touch, main button").all():
                box = target.bounding_box()
                assert box is None or box["height"] >= 24, f"{label} ({language}): a small target"
        page.goto(pages["material"])
        assert page.get_by_role("heading", name=MATERIAL_TITLE[language]).is_visible()
        assert QuestionnaireAssignment.objects.filter(pk=sent.pk, submitted_at__isnull=False).exists()
    finally:
        context.close()
