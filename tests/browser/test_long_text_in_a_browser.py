"""Long unbroken text never makes a page wider than the screen: a 100-character household name and a
10,000-character observation typed without a space, on a tablet and a phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nestling.families.models import Family
from tests.factories.accounts import PASSWORD, current_code
from tests.factories.families import CaregiverFactory, ChildFactory, RelationshipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Quillfeatherstonehaugh" * 4 + "Abcdefghijkl"  # 100 characters, no space
LONG_NOTE = "Observedcalmreunion" * 526 + "Settled"  # 10,001 characters, no space
VIEWPORTS = [(820, 1180), (390, 844)]  # a tablet in portrait, a phone


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(current_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/caseload/")


def _overflow(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_a_100_character_name_and_a_10000_character_observation_never_widen_the_page(world, page):
    assert len(LONG_NAME) == 100 and len(LONG_NOTE) > 10_000
    _sign_in(page, world.practitioner.email)
    # Given a family opened with a 100-character name
    page.goto(reverse("family_add"))
    page.get_by_label("Program").select_option(label=world.program.name)
    page.get_by_label("Household name").fill(LONG_NAME)
    page.get_by_label("Referral source").select_option(label="Self or family")
    page.get_by_label("Service level").select_option(label="Promotion")
    page.get_by_role("button", name="Open record").click()
    page.wait_for_url("**/families/*/")
    family = Family.objects.get(name=LONG_NAME)
    carer = CaregiverFactory(family=family, given_name=LONG_NAME, family_name=LONG_NAME)
    child = ChildFactory(family=family, given_name=LONG_NAME)
    relationship = RelationshipFactory(family=family, caregiver=carer, child=child)
    # And a 10,000-character observation typed on the relationship's page
    relationship_url = reverse("relationship_detail", args=[family.uuid, relationship.uuid])
    page.goto(relationship_url)
    page.get_by_label("What you observed").fill(LONG_NOTE)
    page.get_by_role("button", name="Save observation").click()
    page.wait_for_load_state()
    pages = [
        reverse("family_detail", args=[family.uuid]),
        relationship_url,
        reverse("caseload"),
        reverse("family_timeline", args=[family.uuid]),
        reverse("family_screening", args=[family.uuid]),
        reverse("family_search") + "?q=Quillfeather",
        reverse("family_edit", args=[family.uuid]),
        reverse("caregiver_edit", args=[family.uuid, carer.uuid]),
    ]
    # Then no page is wider than the screen, on a tablet or a phone
    too_wide = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        for url in pages:
            page.goto(url)
            scroll_width, inner_width = _overflow(page)
            if scroll_width > inner_width:
                too_wide.append(f"{url} at {width}x{height}: {scroll_width} px")
    assert not too_wide, "\n".join(too_wide)
