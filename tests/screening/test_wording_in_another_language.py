"""An instrument's wording shown in a language other than the page's is marked with that language
(WCAG 3.1.2): the PHQ-9 ships in English, so a Dutch page marks its title, questions and choices
`lang="en"`, and an English page marks nothing. Its band is said in the page's language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.families import CaregiverFactory
from tests.factories.screening import InstrumentWordingFactory, ScreeningResultFactory, synthetic_wording

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_put_back():
    # A request leaves its language active in the thread; the tests after these read in English.
    with translation.override(None):
        yield


@pytest.fixture
def mother(world):
    return CaregiverFactory(family=world.family_a, given_name="Rowan")


def _result_page(client, world, result, language):
    url = reverse("screening_result", args=[world.family_a.uuid, result.uuid])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def _form(client, world, mother, instrument, language):
    url = reverse("screening_administer", args=[world.family_a.uuid, "caregiver", mother.uuid, instrument])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_dutch_result_page_marks_the_english_wording_and_says_the_band_in_dutch(world, signed_in, mother):
    # Given a mild PHQ-9
    result = ScreeningResultFactory(
        family=world.family_a, caregiver=mother, administered_by=world.practitioner
    )
    # When a Dutch reader opens it
    html = _result_page(signed_in(world.practitioner), world, result, "nl")
    # Then the title, each question and each answer are marked English, and the band is Dutch
    assert '<h1><span lang="en">Patient Health Questionnaire-9 (PHQ-9)</span></h1>' in html
    assert '<th scope="row" lang="en">1. Little interest or pleasure in doing things</th>' in html
    assert html.count('<td lang="en">Several days</td>') == 9
    assert "<dd>Licht" in html
    # And the window's title, which cannot mark a language, names it by its abbreviation
    assert "<title>PHQ-9 · " in html


def test_an_english_result_page_marks_nothing(world, signed_in, mother):
    result = ScreeningResultFactory(
        family=world.family_a, caregiver=mother, administered_by=world.practitioner
    )
    html = _result_page(signed_in(world.practitioner), world, result, "en")
    assert 'lang="en"' not in html.split("<main", 1)[1]
    assert '<th scope="row">1. Little interest or pleasure in doing things</th>' in html


def test_a_dutch_form_marks_the_english_questions_and_choices_but_not_its_own_words(world, signed_in, mother):
    html = _form(signed_in(world.practitioner), world, mother, "phq-9", "nl")
    assert '<span lang="en">9. Thoughts that you would be better off dead' in html
    assert html.count('<div lang="en">') == 10  # nine questions and the question on difficulty
    assert '<p lang="en"><strong>Over the last 2 weeks' in html
    # the form's own fields (date, visit) stay unmarked
    assert '<span lang="en">Datum' not in html


def test_questions_shown_by_number_are_the_pages_own_words(world, signed_in, mother):
    html = _form(signed_in(world.practitioner), world, mother, "epds", "nl")
    assert '<div lang="en">' not in html and '<span lang="en">Vraag' not in html


def test_a_licensed_copy_in_the_readers_language_is_not_marked(world, signed_in, mother):
    # Given a Dutch copy of the EPDS (synthetic wording)
    InstrumentWordingFactory(organization=world.org, language="nl", **synthetic_wording("epds@1", tag=" nl"))
    client = signed_in(world.practitioner)
    # Then the Dutch form shows it unmarked, and an English form marks it Dutch
    in_dutch = _form(client, world, mother, "epds", "nl")
    assert "Synthetic nl item 1 text" in in_dutch and '<span lang="nl">' not in in_dutch
    in_english = _form(client, world, mother, "epds", "en")
    assert '<span lang="nl">1. Synthetic nl item 1 text</span>' in in_english
