"""Materials for parents come in English, Spanish and Dutch: each language has every material, with its own
title and reviewed date; the material page shows the caregiver's language, and says so when it has to fall
back to English."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from nestling.pathways import materials
from nestling.pathways.materials import MATERIALS_DIR, material_get, material_slugs
from nestling.portal.models import LanguagePreference


@pytest.mark.parametrize("language", ["es", "nl"])
def test_every_material_is_written_in_the_language_with_its_reviewed_date(language):
    english = set(material_slugs())
    written = {path.stem for path in (MATERIALS_DIR / language).glob("*.md")}
    assert written == english
    for slug in english:
        material = material_get(slug, language)
        assert material is not None and material.language == language, slug
        assert material.title != material_get(slug, "en").title, slug  # its own title, not the English one
        assert material.reviewed_on <= datetime.date.today()
        assert "<h2>" in material.html, slug


def test_the_dutch_material_speaks_to_the_parent_as_je():
    text = material_get("crying-and-comforting", "nl").html
    assert "Schud nooit een baby" in text
    assert " u " not in text and " uw " not in text  # plain "je", never the formal "u"


@pytest.mark.django_db
def test_the_caregiver_reads_a_material_in_dutch(world, mother, as_caregiver):
    LanguagePreference.objects.create(user=mother.user, language="nl")
    page = as_caregiver(mother).get(reverse("portal_material", args=["crying-and-comforting"]))
    body = page.content.decode()
    assert "<h1>Huilen en troosten</h1>" in body and 'lang="nl"' in body
    assert 'data-testid="material-in-english"' not in body


@pytest.mark.django_db
def test_a_material_not_yet_in_her_language_is_shown_in_english_and_says_so(
    world, mother, as_caregiver, monkeypatch
):
    # Given a material that has no Dutch copy yet
    english_only = materials._load("crying-and-comforting", "en")
    monkeypatch.setattr("nestling.portal.views.caregiver.material_get", lambda slug, language: english_only)
    LanguagePreference.objects.create(user=mother.user, language="nl")
    # When she opens it, reading in Dutch
    body = (
        as_caregiver(mother).get(reverse("portal_material", args=["crying-and-comforting"])).content.decode()
    )
    # Then it is the English text, marked as English, and the page says why
    assert (
        "<h1>Crying and comforting</h1>" in body
        and '<article class="stack portal-material" lang="en">' in body
    )
    assert 'data-testid="material-in-english"' in body
