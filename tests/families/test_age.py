"""Age arithmetic: chronological, corrected and gestational age, and ages as readable parts. No database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rcpchgrowth import corrected_decimal_age

from nestling.families.age import (
    AgeError,
    AgeParts,
    ChildAge,
    CorrectionRule,
    Gestation,
    MonthsAndDays,
    add_months,
    age_in_months_and_days,
    age_parts,
    chronological_age_days,
    completed_months,
    corrected_age_days,
    expected_delivery_date,
    gestation_on,
    postmenstrual_age,
    years_before,
)

birth_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
ages_in_days = st.integers(min_value=0, max_value=6 * 366)
gestations = st.builds(Gestation.at_birth, st.integers(22, 44), st.integers(0, 6))


def test_a_baby_born_at_32_weeks_is_assessed_on_corrected_age():
    # given a baby born at 32+0 weeks, 10 weeks after birth
    birth = date(2024, 3, 1)
    on = birth + timedelta(weeks=10)

    # when we take the child's age
    age = ChildAge.on(birth, on, Gestation.at_birth(32))

    # then the corrected age is 8 weeks less than the chronological age
    assert age.corrected
    assert age.chronological_days == 70
    assert age.corrected_days == 70 - 56


def test_corrected_age_matches_rcpchgrowth_for_a_preterm_baby():
    # given a baby born at 29+3 weeks, 200 days old
    birth, on, gestation = date(2023, 11, 5), date(2024, 5, 23), Gestation.at_birth(29, 3)

    # when both we and rcpchgrowth compute the corrected age
    ours = corrected_age_days(birth, on, gestation)
    theirs = corrected_decimal_age(birth, on, gestation.weeks, gestation.days) * 365.25

    # then they agree to the day
    assert ours == round(theirs)
    assert expected_delivery_date(birth, gestation) == birth + timedelta(days=280 - 206)


def test_a_baby_born_before_37_weeks_and_under_24_months_gets_corrected_age():
    rule = CorrectionRule()
    birth = date(2024, 1, 10)

    assert rule.applies(birth, date(2024, 6, 1), Gestation(36, 6))
    assert not rule.applies(birth, date(2024, 6, 1), Gestation(37, 0))


def test_correction_stops_on_the_second_birthday():
    rule = CorrectionRule()
    birth, gestation = date(2024, 1, 10), Gestation(30, 0)

    assert rule.applies(birth, date(2026, 1, 9), gestation)
    assert not rule.applies(birth, date(2026, 1, 10), gestation)


def test_a_program_can_set_its_own_correction_rule():
    # given a program that corrects to 36 months for babies born 8 or more weeks early
    rule = CorrectionRule(max_months=36, min_weeks_early=8)
    birth = date(2024, 1, 10)

    # then 31+6 is corrected at 30 months, 32+0 is not
    assert rule.applies(birth, date(2026, 7, 10), Gestation(31, 6))
    assert not rule.applies(birth, date(2026, 7, 10), Gestation(32, 0))
    assert not rule.applies(birth, date(2027, 1, 10), Gestation(31, 6))


def test_an_age_without_a_gestation_is_not_corrected():
    age = ChildAge.on(date(2024, 1, 1), date(2024, 2, 1))

    assert age == ChildAge(31, 31, corrected=False)


def test_a_date_before_birth_is_refused():
    with pytest.raises(AgeError, match="before the birth date"):
        chronological_age_days(date(2024, 1, 2), date(2024, 1, 1))


@pytest.mark.parametrize(("weeks", "days"), [(21, 6), (45, 0)])
def test_an_implausible_gestation_at_birth_is_refused(weeks, days):
    with pytest.raises(AgeError, match="between 22 and 44 weeks"):
        Gestation.at_birth(weeks, days)


def test_gestation_days_must_be_0_to_6():
    with pytest.raises(AgeError, match="between 0 and 6"):
        Gestation(30, 7)


def test_a_preterm_baby_before_term_has_a_postmenstrual_age():
    # given a baby born at 28+2, 20 days later
    age = postmenstrual_age(date(2024, 1, 1), date(2024, 1, 21), Gestation(28, 2))

    # then they are 31+1 weeks postmenstrual
    assert age == Gestation(31, 1)


def test_a_pregnancy_is_measured_back_from_the_due_date():
    # given a due date of 1 June, on 1 March (92 days before)
    gestation = gestation_on(date(2024, 6, 1), date(2024, 3, 1))

    # then the pregnancy is 280 − 92 = 188 days: 26+6 weeks
    assert gestation == Gestation(26, 6)
    assert str(gestation) == "26+6"
    assert gestation_on(date(2024, 6, 1), date(2024, 6, 1)) == Gestation(40, 0)


def test_a_date_more_than_40_weeks_before_the_due_date_is_refused():
    with pytest.raises(AgeError, match="more than 40 weeks"):
        gestation_on(date(2024, 6, 1), date(2023, 8, 1))


def test_years_before_a_leap_day_land_on_28_february_in_a_common_year():
    assert years_before(date(2028, 2, 29), 10) == date(2018, 2, 28)
    assert years_before(date(2028, 2, 29), 4) == date(2024, 2, 29)
    assert years_before(date(2026, 3, 1), 100) == date(1926, 3, 1)
    assert years_before(date(2026, 3, 1), 0) == date(2026, 3, 1)


def test_years_before_the_start_of_the_calendar_stop_at_its_first_day():
    assert years_before(date(5, 6, 1), 10) == date.min


@given(st.dates(), st.integers(0, 200))
def test_years_before_never_crashes_and_keeps_the_month(day, years):
    earlier = years_before(day, years)
    assert earlier <= day
    assert earlier == date.min or (earlier.month == day.month and day.year - earlier.year == years)


def test_completed_months_count_calendar_months():
    assert completed_months(date(2024, 1, 15), date(2024, 5, 14)) == 3
    assert completed_months(date(2024, 1, 15), date(2024, 5, 15)) == 4
    # the 31st runs to the end of a shorter month
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert completed_months(date(2024, 1, 31), date(2024, 2, 29)) == 1


def test_age_in_months_and_days_reads_like_a_screening_window():
    # SWYC's 4-month form runs from 4m0d to 5m31d
    assert age_in_months_and_days(date(2024, 1, 15), date(2024, 5, 15)) == MonthsAndDays(4, 0)
    assert age_in_months_and_days(date(2024, 1, 15), date(2024, 7, 14)) == MonthsAndDays(5, 29)


@pytest.mark.parametrize(
    ("on", "parts"),
    [
        (date(2024, 1, 10), AgeParts(days=9)),
        (date(2024, 2, 12), AgeParts(weeks=6)),
        (date(2024, 1, 19), AgeParts(weeks=2, days=4)),
        (date(2024, 5, 15), AgeParts(months=4, weeks=2)),
        (date(2026, 4, 2), AgeParts(years=2, months=3)),
    ],
)
def test_an_age_reads_in_the_parts_a_clinician_would_say(on, parts):
    assert age_parts(date(2024, 1, 1), on) == parts


@given(birth=birth_dates, days=ages_in_days, gestation=gestations)
def test_corrected_age_is_never_more_than_chronological_age(birth, days, gestation):
    age = ChildAge.on(birth, birth + timedelta(days=days), gestation)

    assert age.corrected_days <= age.chronological_days


@given(birth=birth_dates, days=ages_in_days, gestation=gestations.filter(lambda g: g.total_days <= 280))
def test_corrected_age_by_formula_is_at_most_chronological_for_a_baby_born_by_term(birth, days, gestation):
    on = birth + timedelta(days=days)

    assert corrected_age_days(birth, on, gestation) <= chronological_age_days(birth, on)


@given(
    birth=birth_dates,
    days=ages_in_days,
    gestation=st.builds(Gestation.at_birth, st.integers(37, 44), st.integers(0, 6)),
)
def test_corrected_age_equals_chronological_age_for_a_term_baby(birth, days, gestation):
    age = ChildAge.on(birth, birth + timedelta(days=days), gestation)

    assert not age.corrected
    assert age.corrected_days == age.chronological_days


@given(birth=birth_dates, days=ages_in_days)
def test_a_baby_born_at_40_weeks_has_corrected_age_equal_to_chronological(birth, days):
    on = birth + timedelta(days=days)

    assert corrected_age_days(birth, on, Gestation(40, 0)) == days


@given(birth=birth_dates, days=ages_in_days, more=st.integers(0, 400))
def test_completed_months_never_go_backwards(birth, days, more):
    on = birth + timedelta(days=days)

    assert completed_months(birth, on) <= completed_months(birth, on + timedelta(days=more))
    assert add_months(birth, completed_months(birth, on)) <= on
