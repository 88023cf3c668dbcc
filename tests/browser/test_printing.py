"""A printed page says it is confidential, whose organization it is, who printed it and when, and carries
none of the links that change the record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.test_main_pages_on_phone_and_tablet import _sign_in
from tests.factories.families import CaregiverFactory, ConsentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_printed_family_page_has_a_confidential_header_and_no_edit_or_revoke(world, page):
    mother = CaregiverFactory(family=world.family_a, given_name="Rosa")
    ConsentFactory(family=world.family_a, given_by=mother)
    _sign_in(page, world.practitioner.email)
    page.goto(reverse("family_detail", args=[world.family_a.uuid]))
    # On screen: the edit links, no print header
    assert page.get_by_role("link", name="Revoke").is_visible()
    assert not page.locator(".print-header").is_visible()
    # On paper: the header, and nothing that changes the record
    page.emulate_media(media="print")
    header = page.locator(".print-header")
    assert header.is_visible()
    text = header.inner_text()
    assert "Confidential" in text and world.org.name in text and world.practitioner.display_name in text
    assert not page.get_by_role("link", name="Revoke").is_visible()
    assert not page.locator('a[href$="/edit/"]').first.is_visible()
