"""Numbers and dates as the reader's language writes them: a weight typed "7,4" in Spanish or Dutch is
7.4 kg, shown back as "7,4 kg"; in English the comma is refused rather than read as something else; months
are named in the reader's language."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from nestling.families.forms import LocalDecimalField
from nestling.growth.models import Measurement
from nestling.portal.middleware import LANGUAGE_SESSION
from tests.factories.families import ChildFactory

# Months whose short name differs from the English one, in each language
MONTHS = {
    "es": {1: "ene", 4: "abr", 8: "ago", 12: "dic"},
    "nl": {3: "mrt", 5: "mei", 10: "okt"},
}


def _a_day_in_a_month_named_differently(language: str) -> datetime.date:
    today = datetime.date.today()
    return next(
        day
        for day in (today - datetime.timedelta(days=n) for n in range(1, 190))
        if day.month in MONTHS[language]
    )


@pytest.fixture
def baby(world):
    return ChildFactory(
        family=world.family_a,
        sex="female",
        date_of_birth=datetime.date.today() - datetime.timedelta(days=400),
        birth_weight_grams=3300,
    )


def _reading_in(client, language: str):
    session = client.session
    session[LANGUAGE_SESSION] = language
    session.save()
    return client


def _weigh(client, child, value: str, on: datetime.date | None = None):
    return client.post(
        reverse("child_growth", args=[child.uuid]),
        {
            "kind": "weight",
            "value": value,
            "measured_on": (on or datetime.date.today()).isoformat(),
            "place": "home_scale",
            "note": "",
            "client_id": "",
        },
    )


@pytest.mark.parametrize("language", ["es", "nl"])
def test_a_weight_typed_with_a_comma_is_recorded_and_shown_with_a_comma(world, signed_in, baby, language):
    # Given a practitioner reading Nestling in Spanish or Dutch
    client = _reading_in(signed_in(world.practitioner), language)

    # When they type the weight as their language writes it
    on = _a_day_in_a_month_named_differently(language)
    response = _weigh(client, baby, "7,4", on=on)

    # Then it is 7.4 kg, shown back as 7,4 kg with the month in their language
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("7.4")
    page = client.get(reverse("child_growth", args=[baby.uuid])).content.decode()
    assert "7,4 kg" in page and "7.4 kg" not in page
    assert f"{on.day} {MONTHS[language][on.month]} {on.year}" in page.lower()


@pytest.mark.parametrize("language", ["es", "nl"])
def test_a_weight_typed_with_a_point_is_read_the_same(world, signed_in, baby, language):
    client = _reading_in(signed_in(world.practitioner), language)

    assert _weigh(client, baby, "7.4").status_code == 302
    assert Measurement.objects.get().value == Decimal("7.4")


def test_in_english_a_comma_is_refused_not_misread(world, signed_in, baby):
    client = _reading_in(signed_in(world.practitioner), "en")

    response = _weigh(client, baby, "7,4")

    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(("language", "typed", "read"), [("nl", "1,5", "1.5"), ("es", "12,25", "12.25")])
def test_every_decimal_input_reads_the_locales_separator(language, typed, read):
    field = LocalDecimalField(max_digits=5, decimal_places=2)
    with translation.override(language):
        assert field.clean(typed) == Decimal(read)
        assert field.widget.attrs["inputmode"] == "decimal"
        assert 'value="7,4"' in field.widget.render("hours", Decimal("7.4"))


def test_a_separator_that_could_mean_thousands_is_refused_rather_than_guessed():
    field = LocalDecimalField(max_digits=7, decimal_places=3)
    with translation.override("nl"), pytest.raises(ValidationError):
        field.clean("1.234,5")


@pytest.mark.parametrize(("language", "words"), [("es", "4,35"), ("nl", "4,35")])
def test_what_a_weight_may_be_is_said_with_the_locales_numbers(language, words):
    from nestling.growth.words import implausible_words, not_positive_words

    with translation.override(language):
        said = not_positive_words(kind="weight", bounds=(0.2, 35.5))
        assert "0,2" in said and "35,5" in said and words in said
        assert "62,5" in implausible_words(
            kind="weight", value=62.5, unit="kg", bounds=(0.2, 35.5), z=None, reference="who"
        )
