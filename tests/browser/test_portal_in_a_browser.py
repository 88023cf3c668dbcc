"""The family portal on a phone (390×844, axe-core clean): the practitioner records the mother's portal
consent and invites her in Spanish; she signs up in Spanish, reads a material of her pathway, fills in a
PHQ-9 and answers item 9 "several days"; she sees the crisis contacts at once while the practitioner and
the supervisor get the urgent alert; the father, also a caregiver, sees neither her answers nor her address;
revoking her consent ends her session.

The mother's pages are read through the Spanish catalogue: each text the test looks for is the Spanish
translation of the page's own words."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import translation

from nestling.pathways.services import pathway_start
from nestling.portal.models import PortalSettings
from tests.browser.test_sign_in_and_caseload import _sign_in
from tests.factories.accounts import PASSWORD
from tests.factories.families import CaregiverFactory, ChildFactory, EnrollmentFactory, RelationshipFactory
from tests.factories.portal import portal_caregiver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
NEW_PASSWORD = "a synthetic sentence to remember"


def _es(text: str, **values: str) -> str:
    """The words of the page as a Spanish reader sees them."""
    with translation.override("es"):
        translated = translation.gettext(text)
    return translated % values if values else translated


def _fits(page, label: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{label}: {width}px wide on a {PHONE['width']}px phone"


def test_a_mother_and_a_father_use_the_portal_on_their_phones(world, browser, live_server, assert_accessible):
    # Given a family with a baby born three weeks ago, on the example pathway, and the crisis contacts set
    today = datetime.date.today()
    family = world.family_a
    family.address_line = "7 Synthetic Road"
    family.save(update_fields=["address_line"])
    EnrollmentFactory(family=family, enrolled_on=today - datetime.timedelta(days=120))
    mother = CaregiverFactory(family=family, given_name="Rowan", phone="555-0199")
    baby = ChildFactory(family=family, given_name="Wren", date_of_birth=today - datetime.timedelta(days=21))
    RelationshipFactory(family=family, caregiver=mother, child=baby)
    pathway_start(family=family, pathway_key="pregnancy-to-three-months@1", child=baby, by=world.practitioner)
    father = portal_caregiver(
        family, email="father@home.test", invited_by=world.practitioner, given_name="Ash"
    )
    PortalSettings.objects.create(
        organization=world.org, emergency_number="112", crisis_contacts="Synthetic crisis line | 0800 0000"
    )
    staff_context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    supervisor_context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    mother_context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="es-ES")
    father_context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    try:
        practitioner = staff_context.new_page()
        _sign_in(practitioner, world.practitioner.email)
        practitioner.wait_for_url("**/caseload/")

        # When the practitioner records the mother's portal consent
        practitioner.goto(f"/families/{family.uuid}/consents/new/")
        practitioner.get_by_label("Kind", exact=True).select_option(label="Caregiver portal access")
        practitioner.get_by_label(re.compile(r"^Given by \(optional\)$")).select_option(
            label=mother.full_name
        )
        practitioner.get_by_role("button", name="Save consent").click()
        practitioner.get_by_text("Consent recorded.").wait_for()
        # And invites her from the family's portal page
        practitioner.goto(f"/families/{family.uuid}/portal/")
        assert_accessible(practitioner, "family portal page (staff)")
        _fits(practitioner, "family portal page (staff)")
        practitioner.get_by_role("link", name="Invite a caregiver").click()
        practitioner.get_by_label("Caregiver").select_option(label=mother.full_name)
        practitioner.get_by_label("Their email address").fill("rowan@home.test")
        practitioner.get_by_label("The language they read").select_option("es")
        assert_accessible(practitioner, "invitation form")
        practitioner.get_by_role("button", name="Send the invitation").click()
        practitioner.get_by_text("Invitation sent.").wait_for()
        # And gives her a PHQ-9 to fill in from home
        practitioner.get_by_role("link", name="Give a questionnaire to fill in from home").click()
        practitioner.get_by_label("Caregiver").select_option(label=mother.full_name)
        practitioner.get_by_label("Questionnaire").select_option(
            label="Patient Health Questionnaire-9 (PHQ-9)"
        )
        practitioner.get_by_role("button", name="Give it").click()
        practitioner.get_by_text("The questionnaire is waiting for them in the portal.").wait_for()

        # Then the mother gets the link, and signs up in Spanish: she chooses a password and signs in with
        # no second factor
        link = re.search(r"https?://[^/\s]+(/portal/welcome/\S+/)", mail.outbox[-1].body).group(1)
        rowan = mother_context.new_page()
        rowan.goto(link)
        assert rowan.locator("html").get_attribute("lang") == "es"
        rowan.get_by_role("heading", name=_es("Welcome to your family portal")).wait_for()
        assert_accessible(rowan, "welcome (es)")
        rowan.get_by_label(_es("Choose a password")).fill(NEW_PASSWORD)
        rowan.get_by_label(_es("Type it again")).fill(NEW_PASSWORD)
        rowan.get_by_role("button", name=_es("Set my password")).click()
        rowan.wait_for_url("**/accounts/login/**")
        assert rowan.locator("html").get_attribute("lang") == "es"
        rowan.locator("input[name=login]").fill("rowan@home.test")
        rowan.locator("input[name=password]").fill(NEW_PASSWORD)
        rowan.locator("form button[type=submit]").first.click()
        rowan.wait_for_url("**/portal/")
        rowan.get_by_role("heading", name=_es("Hello, %(name)s", name="Rowan")).wait_for()
        assert rowan.get_by_role("heading", name=_es("To read")).is_visible()
        assert_accessible(rowan, "portal home (es)")
        _fits(rowan, "portal home")

        # When she reads a material of her pathway, in Spanish
        rowan.get_by_role("link", name="Lo que tu bebé te está diciendo").click()
        rowan.get_by_role("heading", name="Lo que tu bebé te está diciendo").wait_for()
        assert rowan.locator("article.portal-material").get_attribute("lang") == "es"
        assert rowan.get_by_test_id("material-in-english").count() == 0
        assert_accessible(rowan, "material (es)")
        _fits(rowan, "material")
        rowan.get_by_role("link", name=_es("Back to your portal")).first.click()

        # And fills in the PHQ-9, answering item 9 "several days"
        rowan.get_by_test_id("questionnaire-link").first.click()
        rowan.wait_for_url("**/portal/questionnaires/**")
        her_questionnaire = rowan.url
        assert_accessible(rowan, "questionnaire (es)")
        _fits(rowan, "questionnaire")
        # (an answer's value is its option's place: item 9's "several days" is the second, "1")
        for group in rowan.locator("fieldset").all():
            legend = group.locator("legend").inner_text()
            group.locator(f"input[value='{1 if legend.startswith('9.') else 0}']").check()
        rowan.get_by_role("button", name=_es("Send my answers")).click()

        # Then she sees the crisis contacts at once
        rowan.get_by_role("heading", name=_es("Get help now")).wait_for()
        assert rowan.get_by_text("Synthetic crisis line").is_visible()
        assert rowan.get_by_role(
            "link", name=_es("Call the emergency number: %(number)s", number="112")
        ).is_visible()
        assert_accessible(rowan, "questionnaire sent, with a safety answer (es)")
        _fits(rowan, "questionnaire sent")

        # And the practitioner has the urgent alert on their next page
        practitioner.goto("/caseload/")
        assert practitioner.get_by_test_id("urgent-alerts").is_visible()
        # And so does the supervisor, on theirs
        supervisor = supervisor_context.new_page()
        _sign_in(supervisor, world.supervisor.email)
        supervisor.wait_for_url("**/team/**")
        assert supervisor.get_by_test_id("urgent-alerts").is_visible()

        # When the father signs in, he sees neither her answers nor her address or phone
        ash = father_context.new_page()
        ash.goto("/accounts/login/")
        ash.get_by_label("Email").fill(father.user.email)
        ash.get_by_label("Password").fill(PASSWORD)
        ash.get_by_role("button", name="Sign in").click()
        ash.wait_for_url("**/portal/")
        body = ash.content()
        assert "PHQ" not in body and "555-0199" not in body and "7 Synthetic Road" not in body
        assert "rowan@home.test" not in body
        assert_accessible(ash, "the father's portal")
        # And her questionnaire, asked for by its address, is not there for him
        assert ash.goto(her_questionnaire).status == 404

        # When the practitioner revokes her portal consent
        practitioner.goto(f"/families/{family.uuid}/")
        practitioner.get_by_role("link", name="Revoke").first.click()
        practitioner.get_by_role("button", name=re.compile("Revoke")).click()
        practitioner.wait_for_url(f"**/families/{family.uuid}/**")

        # Then her next click ends her session
        rowan.get_by_role("link", name=_es("Back to your portal")).click()
        rowan.wait_for_url("**/accounts/login/**")
        assert rowan.get_by_text(
            _es("Your access to the family portal has ended. Your practitioner can tell you more.")
        ).is_visible()
    finally:
        staff_context.close()
        supervisor_context.close()
        mother_context.close()
        father_context.close()
