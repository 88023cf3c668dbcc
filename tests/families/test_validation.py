"""Which dates the family record accepts, with today passed in: leap days, and floors that catch a
mistyped year (0001-01-01) while saying what is allowed; and the same through the pages."""

from __future__ import annotations

import datetime
import uuid
from datetime import date

import pytest
from django.urls import reverse

from nestling.families.models import Caregiver, Consent
from nestling.families.validation import caregiver_errors, child_errors, consent_errors
from tests.factories.families import ChildFactory

LEAP_DAY = date(2028, 2, 29)


def _caregiver(born: date) -> dict:
    return {"given_name": "Rosa", "family_name": "Quill", "date_of_birth": born}


def _child(born: date) -> dict:
    return {"given_name": "Ivy", "family_name": "Quill", "date_of_birth": born}


def _consent(given: date) -> dict:
    return {"kind": "services", "given_by_other": "Synthetic guardian", "given_on": given}


def test_a_caregiver_is_checked_on_a_leap_day_without_crashing():
    # Given today is 29 February 2028, a caregiver born exactly 10 years before (28 Feb 2018) is 10
    assert caregiver_errors(_caregiver(date(2018, 2, 28)), today=LEAP_DAY) == {}
    # and one born the next day is not yet 10
    assert "date_of_birth" in caregiver_errors(_caregiver(date(2018, 3, 1)), today=LEAP_DAY)


def test_a_caregiver_born_on_a_leap_day_is_accepted():
    assert caregiver_errors(_caregiver(date(1996, 2, 29)), today=LEAP_DAY) == {}


@pytest.mark.parametrize("born", [date(1, 1, 1), date(1899, 12, 31), date(1926, 11, 20), date(1928, 2, 28)])
def test_a_caregiver_born_more_than_100_years_ago_is_refused_saying_what_is_allowed(born):
    errors = caregiver_errors(_caregiver(born), today=LEAP_DAY)

    (message,) = errors["date_of_birth"]
    assert "at most 100 years ago" in message and "29 Feb 1928" in message


def test_a_caregiver_born_100_years_ago_today_is_accepted():
    assert caregiver_errors(_caregiver(date(1928, 2, 29)), today=LEAP_DAY) == {}
    assert caregiver_errors(_caregiver(date(1926, 3, 1)), today=date(2026, 3, 1)) == {}
    assert "date_of_birth" in caregiver_errors(_caregiver(date(1926, 2, 28)), today=date(2026, 3, 1))


@pytest.mark.parametrize("born", [date(1, 1, 1), date(2021, 2, 28)])
def test_a_child_older_than_the_programs_age_range_is_refused_saying_what_is_allowed(born):
    errors = child_errors(_child(born), today=LEAP_DAY)

    (message,) = errors["date_of_birth"]
    assert "under 6" in message and "1 Mar 2022" in message


def test_a_child_under_6_and_one_born_on_a_leap_day_are_accepted():
    assert child_errors(_child(date(2022, 3, 1)), today=LEAP_DAY) == {}
    assert child_errors(_child(date(2024, 2, 29)), today=LEAP_DAY) == {}


def test_a_stored_birth_date_is_not_judged_again_when_other_details_change():
    # A child enrolled at four, whose name is corrected years later
    assert child_errors(_child(date(2015, 5, 1)), today=LEAP_DAY, stored_birth_date=date(2015, 5, 1)) == {}
    assert "date_of_birth" in child_errors(
        _child(date(2015, 5, 1)), today=LEAP_DAY, stored_birth_date=date(2015, 5, 2)
    )
    assert (
        caregiver_errors(_caregiver(date(1920, 1, 1)), today=LEAP_DAY, stored_birth_date=date(1920, 1, 1))
        == {}
    )


@pytest.mark.parametrize("given", [date(1, 1, 1), date(2018, 2, 27)])
def test_a_consent_dated_before_a_sane_floor_is_refused_saying_what_is_allowed(given):
    errors = consent_errors(_consent(given), today=LEAP_DAY)

    (message,) = errors["given_on"]
    assert "10 years" in message and "28 Feb 2018" in message


def test_a_consent_given_today_on_a_leap_day_or_ten_years_ago_is_accepted():
    assert consent_errors(_consent(LEAP_DAY), today=LEAP_DAY) == {}
    assert consent_errors(_consent(date(2018, 2, 28)), today=LEAP_DAY) == {}


def test_the_caregiver_and_consent_pages_refuse_year_1_with_what_is_allowed(world, signed_in):
    client = signed_in(world.practitioner)
    caregiver = client.post(
        reverse("caregiver_add", args=[world.family_a.uuid]),
        {
            "client_id": str(uuid.uuid4()),
            "given_name": "Rosa",
            "family_name": "Quill",
            "date_of_birth": "0001-01-01",
        },
    )
    consent = client.post(
        reverse("consent_add", args=[world.family_a.uuid]),
        {
            "client_id": str(uuid.uuid4()),
            "kind": "services",
            "given_by_other": "Synthetic guardian",
            "given_on": "0001-01-01",
        },
    )
    assert caregiver.status_code == 200 and "at most 100 years ago" in caregiver.content.decode()
    assert consent.status_code == 200 and "within 10 years" in consent.content.decode()
    assert not Caregiver.objects.filter(family=world.family_a).exists()
    assert not Consent.objects.filter(family=world.family_a).exists()


def test_a_child_who_has_outgrown_the_program_can_still_be_edited(world, signed_in):
    # Given a child enrolled at four, now seven
    child = ChildFactory(
        family=world.family_a,
        given_name="Ivy",
        date_of_birth=datetime.date.today() - datetime.timedelta(days=7 * 365),
    )
    # When a practitioner corrects her name
    response = signed_in(world.practitioner).post(
        reverse("child_edit", args=[world.family_a.uuid, child.uuid]),
        {"version": "1", "given_name": "Ivie", "family_name": child.family_name, "sex": child.sex},
    )
    # Then it is saved
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.given_name == "Ivie"
