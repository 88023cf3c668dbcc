"""z-scores and centiles through rcpchgrowth, checked against values WHO publishes. No database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rcpchgrowth import measurement_from_sds

from nestling.families.age import Gestation
from nestling.growth.calc import (
    Child,
    ImplausibleMeasurement,
    InvalidGrowthInput,
    MeasurementBeforeBirth,
    OutsideReference,
    assess,
    assess_visit,
)

BIRTH = date(2020, 1, 1)


def on_day(days: int) -> date:
    return BIRTH + timedelta(days=days)


# Expected z-scores from WHO's own reference implementation, the `anthro` R package
# (WorldHealthOrganization/anthro):
# - README.md, `anthro_zscores(sex = c(1, 2, 1, 1), age = c(1001, 1000, 1010, 1000),
#   weight = c(18, 15, 10, 15), lenhei = c(120, 80, 100, 100))` → zwei, zlen, zbmi per row
#   (age in days; lenhei without `measure` is read as standing height from 731 days);
# - tests/testthat/test-zscore-weight-for-age.R: a girl of 1522 days weighing 17 kg has zwei 0.24.
WHO_ANTHRO_VECTORS = [
    # sex, age_days, weight_kg, height_cm, zwei, zlen, zbmi
    ("male", 1001, 18.0, 120.0, 2.20, 7.31, -3.01),
    ("female", 1000, 15.0, 80.0, 0.95, -3.50, 4.66),
    ("male", 1010, 10.0, 100.0, -2.76, 1.62, -5.61),
    ("male", 1000, 15.0, 100.0, 0.69, 1.70, -0.58),
]


@pytest.mark.parametrize(("sex", "age_days", "weight", "height", "zwei", "zlen", "zbmi"), WHO_ANTHRO_VECTORS)
def test_z_scores_agree_with_who_anthro_to_two_decimals(sex, age_days, weight, height, zwei, zlen, zbmi):
    # given a child measured standing at about 2¾ years
    child = Child(sex, BIRTH)

    # when the visit is assessed against WHO
    visit = assess_visit(child, on=on_day(age_days), reference="who", weight_kg=weight, height_cm=height)

    # then weight, height and BMI z-scores match WHO Anthro's published output
    assert visit.weight is not None and visit.height is not None and visit.bmi is not None
    assert round(visit.weight.z, 2) == zwei
    assert round(visit.height.z, 2) == zlen
    assert round(visit.bmi.z, 2) == zbmi


def test_weight_for_age_agrees_with_who_anthro_test_vector():
    # WorldHealthOrganization/anthro tests/testthat/test-zscore-weight-for-age.R:
    # a girl of 1522 days weighing 17 kg → zwei 0.24
    result = assess(Child("female", BIRTH), method="weight", value=17.0, on=on_day(1522), reference="who")

    assert round(result.z, 2) == 0.24


# WHO Child Growth Standards z-score tables, month 0 (tab_wfa_girls_z_0_5.txt, tab_lhfa_boys_z_0_2.txt,
# tab_hcfa_girls_z_0_5.txt from who.int/childgrowth/standards; copies in ewheeler/pygrowup
# pygrowup/tables/by_month/src/): girls' weight M = 3.2322 kg; boys' length M = 49.8842 cm with
# SD = 1.8931 cm (L = 1); girls' head circumference M = 33.8787 cm with SD = 1.1844 cm (L = 1).
@pytest.mark.parametrize(
    ("sex", "method", "value", "expected_z"),
    [
        ("female", "weight", 3.2322, 0.00),
        ("male", "height", 49.8842, 0.00),
        ("male", "height", 49.8842 + 2 * 1.8931, 2.00),
        ("male", "height", 49.8842 - 2 * 1.8931, -2.00),
        ("female", "head_circumference", 33.8787, 0.00),
        ("female", "head_circumference", 33.8787 - 2 * 1.1844, -2.00),
    ],
)
def test_z_scores_at_birth_agree_with_the_who_published_tables(sex, method, value, expected_z):
    result = assess(Child(sex, BIRTH), method=method, value=value, on=BIRTH, reference="who")

    assert round(result.z, 2) == expected_z


def test_the_median_is_the_50th_centile():
    result = assess(Child("female", BIRTH), method="weight", value=3.2322, on=BIRTH)

    assert result.centile == pytest.approx(50.0)


def test_a_preterm_baby_is_assessed_at_corrected_age():
    # given a girl born at 32+0, 100 days old (44 days corrected)
    child = Child("female", BIRTH, Gestation.at_birth(32))

    # when her weight is assessed against WHO
    result = assess(child, method="weight", value=4.2, on=on_day(100), reference="who")

    # then the reference was read at her corrected age, as rcpchgrowth does it
    assert result.age_days == 100
    assert result.corrected_age_days == 44
    assert result.corrected_age_used
    at_44_days = assess(Child("female", BIRTH), method="weight", value=4.2, on=on_day(44), reference="who")
    assert result.z == pytest.approx(at_44_days.z)


def test_a_term_baby_is_assessed_at_chronological_age_on_who():
    # rcpchgrowth treats 37–42 weeks as term for WHO and CDC
    child = Child("male", BIRTH, Gestation.at_birth(38, 2))

    result = assess(child, method="weight", value=5.0, on=on_day(60), reference="who")

    assert result.corrected_age_days == 60
    assert not result.corrected_age_used


def test_who_refuses_a_preterm_baby_before_term_and_points_to_uk_who():
    child = Child("female", BIRTH, Gestation.at_birth(30))

    with pytest.raises(OutsideReference, match="use UK-WHO") as raised:
        assess(child, method="weight", value=1.8, on=on_day(20), reference="who")
    assert "\n" not in str(raised.value)


def test_uk_who_assesses_a_preterm_baby_before_term():
    child = Child("female", BIRTH, Gestation.at_birth(30))

    result = assess(child, method="weight", value=1.8, on=on_day(20), reference="uk-who")

    assert result.corrected_age_days == 20 - 70
    assert -2 < result.z < 2


def test_cdc_has_no_head_circumference_after_3_years():
    with pytest.raises(OutsideReference, match="no head circumference data"):
        assess(
            Child("male", BIRTH), method="head_circumference", value=50.0, on=on_day(1500), reference="cdc"
        )


def test_a_bmi_the_reference_does_not_cover_is_a_note_not_a_failure():
    # CDC has no BMI below 2 years
    visit = assess_visit(
        Child("female", BIRTH), on=on_day(120), reference="cdc", weight_kg=6.0, length_cm=62.0
    )

    assert visit.bmi is not None
    assert visit.bmi.z is None and visit.bmi.centile is None
    assert visit.bmi.value == pytest.approx(6.0 / 0.62**2)
    assert "no BMI data" in (visit.bmi.note or "")


def test_a_length_taken_lying_after_2_years_is_read_as_height_minus_0_7_cm():
    # WHO: standing height is about 0.7 cm less than lying length
    child = Child("male", BIRTH)

    lying = assess(child, method="height", value=90.0, on=on_day(800), posture="length")
    standing = assess(child, method="height", value=89.3, on=on_day(800), posture="height")

    assert lying.value == 90.0
    assert lying.assessed_value == pytest.approx(89.3)
    assert lying.z == pytest.approx(standing.z)


def test_a_height_taken_standing_before_2_years_is_read_as_length_plus_0_7_cm():
    result = assess(Child("female", BIRTH), method="height", value=70.0, on=on_day(300), posture="height")

    assert result.assessed_value == pytest.approx(70.7)


@pytest.mark.parametrize(
    ("method", "value", "match"),
    [
        ("weight", 4000.0, "weight of 4000 kg is implausible"),
        ("weight", 0.1, "implausible"),
        ("height", 1.2, "implausible"),
        ("head_circumference", 70.0, "implausible"),
        ("weight", float("nan"), "must be a number"),
    ],
)
def test_values_outside_the_hard_bounds_are_refused(method, value, match):
    with pytest.raises(ImplausibleMeasurement, match=match):
        assess(Child("male", BIRTH), method=method, value=value, on=on_day(90))


def test_a_value_beyond_8_sd_is_refused_as_implausible():
    # 40 kg is within the hard bounds but absurd at 3 months
    with pytest.raises(ImplausibleMeasurement, match=r"SD from the WHO median"):
        assess(Child("male", BIRTH), method="weight", value=40.0, on=on_day(90))


def test_a_value_beyond_4_sd_is_kept_but_marked_for_checking():
    result = assess(Child("male", BIRTH), method="weight", value=12.0, on=on_day(90))

    assert result.z > 4
    assert result.needs_check


def test_a_measurement_before_birth_is_refused():
    with pytest.raises(MeasurementBeforeBirth, match="before the birth date"):
        assess(Child("male", BIRTH), method="weight", value=3.0, on=BIRTH - timedelta(days=1))


def test_unknown_sex_and_reference_are_refused():
    with pytest.raises(InvalidGrowthInput, match="Sex must be one of female, male"):
        Child("unknown", BIRTH)  # type: ignore[arg-type]
    with pytest.raises(InvalidGrowthInput, match="Reference must be one of who, uk-who, cdc"):
        assess(Child("male", BIRTH), method="weight", value=3.0, on=BIRTH, reference="fenton")


def test_length_and_height_together_are_refused():
    with pytest.raises(InvalidGrowthInput, match="not both"):
        assess_visit(Child("male", BIRTH), on=on_day(90), length_cm=60.0, height_cm=60.0)


def test_rcpchgrowth_messages_do_not_leak_to_stdout(capsys):
    assess_visit(Child("female", BIRTH), on=on_day(120), reference="cdc", weight_kg=6.0, length_cm=62.0)

    assert capsys.readouterr().out == ""


@settings(max_examples=60, deadline=None)
@given(
    age_days=st.integers(min_value=0, max_value=1800),
    sex=st.sampled_from(["female", "male"]),
    reference=st.sampled_from(["who", "uk-who", "cdc"]),
    z_low=st.floats(min_value=-4, max_value=4),
    z_gap=st.floats(min_value=0.01, max_value=3),
)
def test_a_heavier_weight_never_gives_a_lower_z_at_the_same_age(age_days, sex, reference, z_low, z_gap):
    # given two weights at the same age, the second heavier
    age_years = age_days / 365.25
    lighter = measurement_from_sds(reference, z_low, "weight", sex, age_years)
    heavier = measurement_from_sds(reference, min(z_low + z_gap, 5), "weight", sex, age_years)
    # Weights past the plausibility bound are refused by design; that is tested elsewhere.
    assume(heavier < 60)
    child = Child(sex, BIRTH)

    # when both are assessed
    first = assess(child, method="weight", value=round(lighter, 3), on=on_day(age_days), reference=reference)
    second = assess(
        child, method="weight", value=round(heavier, 3) + 0.001, on=on_day(age_days), reference=reference
    )

    # then the heavier one is never lower
    assert second.z >= first.z
