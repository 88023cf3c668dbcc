"""Values beyond WHO's flags for implausible z-scores, and a second measurement on the same day, are
asked about before anything is saved; a child whose sex is not recorded is not placed on a reference."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from nestling.growth import calc
from nestling.growth.errors import MeasurementNeedsConfirmation
from nestling.growth.models import Measurement
from nestling.growth.services import measurement_correct, measurement_record
from tests.factories.families import ChildFactory

TODAY = datetime.date.today()


@pytest.mark.parametrize(
    ("method", "z", "flagged"),
    [
        ("weight", -6.01, True),
        ("weight", -5.99, False),
        ("weight", 5.01, True),
        ("weight", 4.99, False),
        ("height", -6.01, True),
        ("height", 5.99, False),
        ("height", 6.01, True),
        ("head_circumference", -5.01, True),
        ("head_circumference", 4.99, False),
        ("head_circumference", 5.01, True),
    ],
)
def test_the_who_flags_for_implausible_z_scores(method, z, flagged):
    assert calc.outside_who_flags(method, z) is flagged


@pytest.fixture
def baby(world):
    return ChildFactory(
        family=world.family_a,
        sex="female",
        date_of_birth=TODAY - datetime.timedelta(days=120),
        birth_weight_grams=3400,
    )


def _record(baby, by, kind="weight", value="6.1", **extra):
    return measurement_record(
        child=baby,
        by=by,
        kind=kind,
        value=Decimal(value),
        measured_on=TODAY,
        client_id=uuid.uuid4(),
        **extra,
    )


@pytest.mark.parametrize(
    ("kind", "value"),
    [("weight", "2.5"), ("weight", "11.5"), ("length", "48"), ("head_circumference", "33.5")],
)
def test_a_value_beyond_the_who_flags_is_saved_only_once_confirmed(world, baby, kind, value):
    # When a practitioner records a value beyond WHO's flag for this age
    with pytest.raises(MeasurementNeedsConfirmation) as asked:
        _record(baby, world.practitioner, kind=kind, value=value)
    # Then nothing is saved, and the question says why
    assert "beyond WHO's limits for a plausible value" in asked.value.implausible
    assert not Measurement.objects.exists()
    # and once confirmed, it is saved
    _record(baby, world.practitioner, kind=kind, value=value, confirm_implausible=True)
    assert Measurement.objects.count() == 1


def test_a_correction_to_a_value_beyond_the_flags_asks_too(world, baby):
    first = _record(baby, world.practitioner)
    with pytest.raises(MeasurementNeedsConfirmation):
        measurement_correct(measurement=first, by=world.practitioner, value=Decimal("2.5"), measured_on=TODAY)
    assert Measurement.objects.count() == 1


def test_a_second_weight_on_the_same_day_asks_whether_it_replaces_the_first(world, baby):
    first = _record(baby, world.practitioner, value="6.1")
    with pytest.raises(MeasurementNeedsConfirmation) as asked:
        _record(baby, world.practitioner, value="6.3")
    assert asked.value.earlier == first and not asked.value.implausible
    assert Measurement.objects.count() == 1


def test_keep_both_keeps_both_measurements_of_the_day(world, baby):
    _record(baby, world.practitioner, value="6.1")
    _record(baby, world.practitioner, value="6.3", same_day="keep")
    assert sorted(m.value for m in Measurement.objects.latest_only()) == [Decimal("6.1"), Decimal("6.3")]


def test_correct_the_earlier_one_replaces_it_and_keeps_it_in_the_history(world, baby):
    first = _record(baby, world.practitioner, value="6.1")
    second = _record(baby, world.practitioner, value="6.3", same_day="correct")
    assert second.supersedes == first
    assert [m.value for m in Measurement.objects.latest_only()] == [Decimal("6.3")]


def test_a_length_and_a_head_circumference_on_the_same_day_ask_nothing(world, baby):
    _record(baby, world.practitioner, kind="length", value="62")
    _record(baby, world.practitioner, kind="head_circumference", value="40")
    assert Measurement.objects.count() == 2


def _post(client, child, **values):
    data = {
        "kind": "weight",
        "value": "6.2",
        "measured_on": TODAY.isoformat(),
        "place": "home_scale",
        "note": "",
        "client_id": str(uuid.uuid4()),
    } | values
    return client.post(reverse("child_growth", args=[child.uuid]), data)


def test_the_page_asks_to_confirm_an_implausible_value_and_saves_it_when_confirmed(world, signed_in, baby):
    client = signed_in(world.practitioner)
    client_id = str(uuid.uuid4())
    response = _post(client, baby, value="2.5", client_id=client_id)
    assert response.status_code == 200
    body = response.content.decode()
    assert "beyond WHO" in body and 'name="confirm_implausible"' in body
    assert 'name="same_day"' not in body
    assert not Measurement.objects.exists()

    response = _post(client, baby, value="2.5", client_id=client_id, confirm_implausible="on")
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("2.5")


def test_the_page_offers_to_correct_the_earlier_one_or_keep_both(world, signed_in, baby):
    client = signed_in(world.practitioner)
    assert _post(client, baby, value="6.1").status_code == 302
    body = _post(client, baby, value="6.3").content.decode()
    assert "Correct the earlier one" in body and "Keep both" in body
    assert 'name="confirm_implausible"' not in body
    assert _post(client, baby, value="6.3", same_day="correct").status_code == 302
    assert [m.value for m in Measurement.objects.latest_only()] == [Decimal("6.3")]


def test_the_form_hides_the_questions_until_asked(world, signed_in, baby):
    body = signed_in(world.practitioner).get(reverse("child_growth", args=[baby.uuid])).content.decode()
    assert 'name="confirm_implausible"' not in body and 'name="same_day"' not in body


def test_without_the_childs_sex_the_page_says_what_cannot_be_computed_and_draws_no_chart(world, signed_in):
    child = ChildFactory(
        family=world.family_a, sex="unknown", date_of_birth=TODAY - datetime.timedelta(days=60)
    )
    measurement_record(
        child=child, by=world.practitioner, kind="weight", value=Decimal("5"), measured_on=TODAY
    )
    body = signed_in(world.practitioner).get(reverse("child_growth", args=[child.uuid])).content.decode()
    assert "What cannot be computed" in body
    assert "z-scores and centiles" in body and "the growth charts" in body
    assert "growth-chart__svg" not in body
