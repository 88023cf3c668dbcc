"""Centile lines for the growth chart, from rcpchgrowth. No database."""

from __future__ import annotations

import pytest

from nestling.growth.calc import InvalidGrowthInput
from nestling.growth.chart import age_grid, centile_chart


def line(chart, centile):
    return next(line for line in chart.lines if line.centile == centile)


def test_a_who_chart_has_the_nine_uk_who_centile_lines():
    chart = centile_chart("who", "female", "weight", 0, 730)

    assert [line.centile for line in chart.lines] == [0.4, 2, 9, 25, 50, 75, 91, 98, 99.6]


def test_the_lines_at_birth_match_the_who_published_weight_table():
    # WHO tab_wfa_girls_z_0_5.txt, month 0: M 3.2322; SD2neg 2.4; SD2 4.2 (kg, to one decimal)
    chart = centile_chart("who", "female", "weight", 0, 730)

    assert line(chart, 50).points[0] == (0, pytest.approx(3.2322))
    assert round(line(chart, 2).points[0][1], 1) == 2.4  # the 2nd-centile line is drawn at −2 SD
    assert round(line(chart, 98).points[0][1], 1) == 4.2


def test_lines_are_ordered_and_rise_with_age():
    chart = centile_chart("uk-who", "male", "height", 0, 1461)

    for lower, upper in zip(chart.lines, chart.lines[1:], strict=False):
        assert all(a[1] < b[1] for a, b in zip(lower.points, upper.points, strict=True))
    median = [value for _, value in line(chart, 50).points]
    assert median[-1] > median[0]


def test_the_length_to_height_step_at_2_years_is_drawn_straight_down():
    chart = centile_chart("who", "male", "height", 0, 1826)
    points = dict(line(chart, 50).points)

    assert points[730] - points[731] == pytest.approx(0.7, abs=0.1)


def test_a_cdc_chart_uses_the_3rd_to_97th_centiles():
    chart = centile_chart("cdc", "male", "weight", 0, 1826)

    assert [line.centile for line in chart.lines] == [3, 5, 10, 25, 50, 75, 90, 95, 97]


def test_uk_who_draws_lines_before_term_and_who_does_not():
    uk_who = centile_chart("uk-who", "female", "weight", -84, 84)
    who = centile_chart("who", "female", "weight", -84, 84)

    assert line(uk_who, 50).points[0][0] == -84
    assert line(who, 50).points[0][0] == 0


def test_the_same_chart_is_computed_once():
    assert centile_chart("who", "male", "weight", 0, 365) is centile_chart("who", "male", "weight", 0, 365)


def test_the_age_grid_is_dense_early_and_includes_both_ends():
    ages = age_grid(0, 1826)

    assert ages[0] == 0 and ages[-1] == 1826
    assert ages[1] - ages[0] < ages[-1] - ages[-2]
    assert {730, 731} <= set(ages)


def test_bad_chart_arguments_are_refused():
    with pytest.raises(InvalidGrowthInput):
        centile_chart("who", "female", "weight", 100, 100)
    with pytest.raises(InvalidGrowthInput):
        centile_chart("who", "female", "arm", 0, 100)
    with pytest.raises(InvalidGrowthInput):
        centile_chart("who", "other", "weight", 0, 100)
