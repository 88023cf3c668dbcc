"""Pages with a program's licensed wording: the form and the result show the organization's own copy, in
the reader's language when it has one, and never another organization's. Every text here is synthetic."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nestling.screening.licensed_wording import instrument_wording_for
from nestling.screening.models import ScreeningResult
from nestling.screening.scoring import default_library
from tests.factories.families import CaregiverFactory
from tests.factories.screening import InstrumentWordingFactory, ScreeningResultFactory, synthetic_wording

TODAY = datetime.date.today()
NO_WORDING = "Questions shown by number only"


@pytest.fixture
def mother(world):
    return CaregiverFactory(family=world.family_a, given_name="Rowan")


@pytest.fixture
def own_copy(world):
    return InstrumentWordingFactory(organization=world.org)


def _administer(family, subject, instrument="epds"):
    return reverse("screening_administer", args=[family.uuid, "caregiver", subject.uuid, instrument])


def _epds_result(world, mother):
    return ScreeningResultFactory(
        family=world.family_a,
        caregiver=mother,
        administered_by=world.practitioner,
        instrument="epds",
        definition="epds@1",
        answers=[0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        total=6,
        band="low",
        flags=[],
    )


def test_the_form_shows_the_programs_licensed_copy_instead_of_numbers(world, signed_in, mother, own_copy):
    # Given the practitioner's organization has loaded its EPDS copy
    # When the practitioner opens the EPDS form
    html = signed_in(world.practitioner).get(_administer(world.family_a, mother)).content.decode()
    # Then each question and choice reads as the copy, with its preamble, and the no-wording notice is gone
    assert "3. Synthetic item 3 text" in html
    assert "10. Synthetic item 10 text" in html
    assert "Synthetic choice 3.4" in html
    assert "Synthetic preamble for the test copy." in html
    assert NO_WORDING not in html
    assert "Option 1 (scores 3)" not in html
    # And a small line says whose copy it is and under which licence
    assert "Wording from your program's licensed copy (English; licence: Synthetic permission letter" in html


def test_another_organization_sees_numbers_only(world, signed_in, own_copy):
    # Given only the own organization has loaded its copy
    mother_x = CaregiverFactory(family=world.family_x)
    # When the outsider gives an EPDS in their own organization
    html = signed_in(world.outsider).get(_administer(world.family_x, mother_x)).content.decode()
    # Then they see numbers only and nothing of the other organization's copy
    assert NO_WORDING in html
    assert "Question 3" in html and "Option 1 (scores 3)" in html
    assert "Synthetic item" not in html and "Synthetic choice" not in html


def test_the_result_page_shows_the_copys_questions_and_answers(world, signed_in, mother, own_copy):
    result = _epds_result(world, mother)

    html = (
        signed_in(world.practitioner)
        .get(reverse("screening_result", args=[world.family_a.uuid, result.uuid]))
        .content.decode()
    )

    assert '<th scope="row">2. Synthetic item 2 text</th><td>Synthetic choice 2.2</td>' in html
    assert "Question 2" not in html


def test_the_result_page_of_another_organization_shows_numbers_only(world, signed_in, own_copy):
    mother_x = CaregiverFactory(family=world.family_x)
    result = ScreeningResultFactory(
        family=world.family_x,
        caregiver=mother_x,
        administered_by=world.outsider,
        instrument="epds",
        definition="epds@1",
        answers=[0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        total=6,
        band="low",
        flags=[],
    )

    html = (
        signed_in(world.outsider)
        .get(reverse("screening_result", args=[world.family_x.uuid, result.uuid]))
        .content.decode()
    )

    assert '<th scope="row">Question 2</th><td>Option 2</td>' in html
    assert "Synthetic item" not in html and "Synthetic choice" not in html


def test_a_screen_given_from_the_copy_is_scored_by_position_as_before(world, signed_in, mother, own_copy):
    data = {f"item_{n}": "0" for n in range(1, 11)} | {
        "administered_on": TODAY.isoformat(),
        "client_id": "",
    }

    response = signed_in(world.practitioner).post(_administer(world.family_a, mother), data)

    assert response.status_code == 302
    assert ScreeningResult.objects.get().total == 0 + 0 + 3 + 0 + 3 * 6  # items 3, 5-10 reverse scored


def test_a_reader_sees_the_copy_in_their_language(world, signed_in, mother, own_copy):
    spanish = synthetic_wording("epds@1", tag=" es")
    InstrumentWordingFactory(organization=world.org, language="es", preamble="", **spanish)
    client = signed_in(world.practitioner)
    url = _administer(world.family_a, mother)

    in_spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    in_english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Synthetic es item 1 text" in in_spanish and "Synthetic item 1 text" not in in_spanish
    assert "Synthetic item 1 text" in in_english and "Synthetic es item 1 text" not in in_english


def test_without_a_copy_in_the_readers_language_another_language_is_shown(world, signed_in, mother):
    # Given the organization loaded a Spanish copy only
    InstrumentWordingFactory(organization=world.org, language="es", **synthetic_wording("epds@1", tag=" es"))
    # When an English reader opens the form
    html = (
        signed_in(world.practitioner)
        .get(_administer(world.family_a, mother), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    # Then the Spanish copy is shown, and said to be Spanish
    assert "Synthetic es item 1 text" in html
    assert "(Spanish; licence:" in html
    assert NO_WORDING not in html


def test_a_regional_copy_serves_its_language_and_the_default_language_comes_first(world):
    epds = default_library().get("epds@1")
    for language in ("fr", "en", "es-mx"):
        InstrumentWordingFactory(organization=world.org, language=language)

    def chosen(language):
        return instrument_wording_for(
            organization_id=world.org.pk, definition=epds, language=language
        ).language

    assert chosen("es") == "es-mx"
    assert chosen("fr") == "fr"
    assert chosen("de") == "en"


def test_no_lookup_is_made_for_an_instrument_whose_wording_ships(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        found = instrument_wording_for(
            organization_id=world.org.pk, definition=default_library().get("phq-9"), language="en"
        )
    assert found is None


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_copy_costs_one_lookup_whatever_the_languages_loaded(world, signed_in, mother):
    client = signed_in(world.practitioner)
    url = _administer(world.family_a, mother)
    client.get(url)
    without_copy = _queries(client, url)
    phq9 = _queries(client, _administer(world.family_a, mother, "phq-9"))

    InstrumentWordingFactory(organization=world.org)
    with_copy = _queries(client, url)
    for language in ("es", "fr", "pt-br"):
        InstrumentWordingFactory(organization=world.org, language=language)
    with_four_copies = _queries(client, url)

    assert with_copy == without_copy == with_four_copies == phq9 + 1


def test_the_result_page_costs_one_lookup_for_the_copy(world, signed_in, mother):
    client = signed_in(world.practitioner)
    url = reverse("screening_result", args=[world.family_a.uuid, _epds_result(world, mother).uuid])
    client.get(url)
    without_copy = _queries(client, url)

    InstrumentWordingFactory(organization=world.org)
    InstrumentWordingFactory(organization=world.org, language="es")

    assert _queries(client, url) == without_copy


def test_the_screening_page_drops_the_numbers_only_hint_for_a_loaded_copy(world, signed_in, grant, mother):
    grant(world.practitioner, "intimate_partner_violence")  # to be offered HITS
    client = signed_in(world.practitioner)
    url = reverse("family_screening", args=[world.family_a.uuid])
    hint = "numbers only: wording from your licensed copy"
    before = client.get(url).content.decode()
    assert before.count(hint) >= 2  # EPDS and HITS, at least

    InstrumentWordingFactory(organization=world.org)
    after = client.get(url).content.decode()

    assert after.count(hint) == before.count(hint) - 1


def test_imported_text_is_shown_as_text_never_as_markup(world, signed_in, mother):
    wording = synthetic_wording("epds@1")
    wording["item_texts"]["1"] = "Synthetic <em>item</em> 1 text"
    wording["option_labels"]["1"][0] = "Synthetic <script>choice</script> 1.1"
    InstrumentWordingFactory(organization=world.org, **wording)

    html = signed_in(world.practitioner).get(_administer(world.family_a, mother)).content.decode()

    assert "<em>item</em>" not in html and "&lt;em&gt;item&lt;/em&gt;" in html
    assert "<script>choice" not in html and "&lt;script&gt;choice&lt;/script&gt;" in html
