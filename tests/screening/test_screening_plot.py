"""The geometry of a person's results chart (screening/plot.py): pure, no database."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nestling.screening.plot import (
    LABEL_GAP,
    MAX_X_TICKS,
    SHADES,
    Plot,
    Reading,
    build_plot,
    chartable,
    date_ticks,
    spread,
)
from nestling.screening.scoring import Definition, default_library
from nestling.screening.scoring.definition import Band, Bands

library = default_library()
PHQ9 = library.get("phq-9")
CHARTABLE = [d for d in library.latest() if chartable(d)]


def readings(*pairs: tuple[str, int]) -> list[Reading]:
    return [Reading(on=date.fromisoformat(on), total=total) for on, total in pairs]


def test_a_phq9_chart_has_its_five_bands_from_calm_to_alarming():
    plot = build_plot(PHQ9, readings(("2025-01-06", 17), ("2025-03-10", 12), ("2025-06-02", 6)))

    assert [b.id for b in plot.bands] == ["minimal", "mild", "moderate", "moderately_severe", "severe"]
    assert [b.level for b in plot.bands] == [0, 1, 2, 3, 4]
    assert [b.range_text for b in plot.bands] == ["0–4", "5–9", "10–14", "15–19", "20–27"]


def test_the_bands_span_the_instrument_from_its_lowest_to_its_highest_total():
    plot = build_plot(PHQ9, readings(("2025-01-06", 0), ("2025-02-06", 27)))

    lowest, highest = plot.points
    assert plot.bands[0].bottom == plot.bottom and plot.bands[-1].y == plot.top
    # 0 and 27 sit half a point inside the edges, in the middle of their own score
    half_point = (plot.bottom - plot.top) / 28 / 2
    assert lowest.y == pytest.approx(plot.bottom - half_point, abs=0.1)
    assert highest.y == pytest.approx(plot.top + half_point, abs=0.1)


def test_the_cut_off_line_runs_between_9_and_10_on_the_phq9():
    plot = build_plot(PHQ9, readings(("2025-01-06", 9)))

    mild, moderate = plot.bands[1], plot.bands[2]
    assert plot.cutoff is not None and plot.cutoff.value == 10
    assert plot.cutoff.y == mild.y == moderate.bottom


def test_a_single_result_still_draws_in_the_middle_with_dates_either_side():
    plot = build_plot(PHQ9, readings(("2025-03-12", 14)))

    (point,) = plot.points
    assert point.x == pytest.approx((plot.left + plot.right) / 2, abs=0.1)
    assert point.band_id == "moderate"
    assert plot.start < point.on < plot.end
    assert plot.x_ticks and not plot.x_ticks[0].by_month
    assert plot.trail == f"{point.x},{point.y}"


def test_points_run_oldest_first_and_keep_their_position_in_the_readings():
    plot = build_plot(PHQ9, readings(("2025-06-02", 6), ("2025-01-06", 17), ("2025-03-10", 12)))

    assert [p.index for p in plot.points] == [1, 2, 0]
    assert [p.total for p in plot.points] == [17, 12, 6]
    assert [p.band_id for p in plot.points] == ["moderately_severe", "moderate", "mild"]
    xs = [p.x for p in plot.points]
    assert xs == sorted(xs)


@pytest.mark.parametrize("instrument", ["whooley", "audit-c", "hunger-vital-sign", "swyc-bpsc"])
def test_an_instrument_banded_by_positivity_gets_no_chart(instrument):
    definition = library.get(instrument)

    assert not chartable(definition)
    with pytest.raises(ValueError, match="not banded on a total"):
        build_plot(definition, readings(("2025-01-06", 1)))


def test_every_instrument_banded_on_a_total_gets_a_chart():
    assert {d.id for d in CHARTABLE} == {
        "aces",
        "epds",
        "gad-2",
        "gad-7",
        "hits",
        "mchat-r",
        "mchat-r-follow-up",
        "phq-2",
        "phq-9",
        "swyc-posi",
        "swyc-ppsc",
    }


def test_every_shipped_cut_off_falls_on_a_band_boundary():
    for definition in CHARTABLE:
        plot = build_plot(definition, readings(("2025-01-06", definition.total_range()[0])))
        assert plot.cutoff is not None, definition.key
        assert plot.cutoff.y in {b.y for b in plot.bands}, definition.key


def test_it_refuses_no_readings_and_a_total_outside_the_range():
    with pytest.raises(ValueError, match="at least one"):
        build_plot(PHQ9, [])
    with pytest.raises(ValueError, match="outside"):
        build_plot(PHQ9, readings(("2025-01-06", 28)))


@pytest.mark.parametrize(
    "dates",
    [
        ["0026-11-20", "2026-11-20"],  # a year typed as 26
        ["1926-11-20", "2026-01-05"],
        ["0001-01-01"],
        ["9999-12-31"],
        ["0001-01-01", "9999-12-31"],
    ],
)
def test_a_stored_date_at_the_edge_of_the_calendar_still_draws(dates):
    plot = build_plot(PHQ9, readings(*((on, 5) for on in dates)))

    assert plot.start <= min(p.on for p in plot.points) and max(p.on for p in plot.points) <= plot.end
    assert all(plot.left <= p.x <= plot.right for p in plot.points)
    assert 1 <= len(plot.x_ticks) <= MAX_X_TICKS


def test_short_spans_tick_weekly_on_mondays_and_long_ones_on_the_first_of_the_month():
    days, by_month = date_ticks(date(2025, 3, 1), date(2025, 3, 29))
    assert not by_month and all(d.weekday() == 0 for d in days)

    months, by_month = date_ticks(date(2023, 11, 20), date(2025, 12, 10))
    assert by_month and all(d.day == 1 for d in months)
    assert months == [date(2024, 1, 1), date(2024, 7, 1), date(2025, 1, 1), date(2025, 7, 1)]


def test_labels_too_close_are_moved_apart_and_kept_inside():
    assert spread([10, 12, 14], 0, 100, 16) == [10, 26, 42]
    assert spread([95, 98], 0, 100, 16) == [84, 100]
    assert spread([50, 90], 0, 100, 16) == [50, 90]


def test_the_plot_module_imports_no_django():
    code = (
        "import sys, nestling.screening.plot;"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")

    completed = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": src}, check=False)

    assert completed.returncode == 0


# ---- Properties -------------------------------------------------------------------------------------


@st.composite
def banded(draw: st.DrawFn) -> Definition:
    """A shipped chartable definition, or PHQ-9 cut into random bands (some a single score wide)."""
    if draw(st.booleans()):
        return draw(st.sampled_from(CHARTABLE))
    low, high = PHQ9.total_range()
    cuts = sorted(draw(st.sets(st.integers(low + 1, high), max_size=high - low)))
    edges = [low, *cuts, high + 1]
    ranges = tuple(
        Band(id=f"b{n}", label=f"Band {n}", min=start, max=end - 1)
        for n, (start, end) in enumerate(pairwise(edges))
    )
    return dataclasses.replace(PHQ9, bands=Bands(by="total", ranges=ranges))


RECENT = st.dates(date(2015, 1, 1), date(2035, 12, 31))


@st.composite
def chart(draw: st.DrawFn, days: st.SearchStrategy[date] = RECENT) -> tuple[Definition, list[Reading], Plot]:
    definition = draw(banded())
    low, high = definition.total_range()
    some = draw(
        st.lists(
            st.builds(
                Reading,
                on=days,
                total=st.integers(low, high),
            ),
            min_size=1,
            max_size=30,
        )
    )
    return definition, some, build_plot(definition, some)


@settings(max_examples=300)
@given(chart())
def test_every_point_lies_inside_the_plot_and_inside_its_own_band(drawn):
    _definition, given_readings, plot = drawn

    assert len(plot.points) == len(given_readings)
    for point in plot.points:
        assert plot.left <= point.x <= plot.right
        assert plot.top <= point.y <= plot.bottom
        band = next(b for b in plot.bands if b.id == point.band_id)
        assert band.min <= point.total <= band.max
        assert band.y < point.y < band.bottom


@settings(max_examples=300)
@given(chart())
def test_band_rectangles_tile_the_score_axis_without_gap_or_overlap(drawn):
    definition, _readings, plot = drawn

    low, high = definition.total_range()
    assert plot.bands[0].min == low and plot.bands[-1].max == high
    assert plot.bands[0].bottom == plot.bottom
    assert plot.bands[-1].y == plot.top
    for lower, upper in pairwise(plot.bands):
        assert upper.min == lower.max + 1
        assert upper.bottom == lower.y  # the upper band's bottom edge is the lower band's top edge
    assert all(b.height > 0 for b in plot.bands)
    levels = [b.level for b in plot.bands]
    assert levels == sorted(levels) and levels[-1] == (SHADES - 1 if len(levels) > 1 else 0)


@settings(max_examples=300)
@given(chart())
def test_range_labels_never_overlap_and_stay_beside_the_plot(drawn):
    _definition, _readings, plot = drawn

    ys = [b.label_y for b in reversed(plot.bands)]  # top to bottom
    if len(ys) * LABEL_GAP <= plot.bottom - plot.top:
        # Rounding each label to 0.1 may bring two 0.1 closer (and floats a hair more).
        assert all(b - a >= LABEL_GAP - 0.1 - 1e-6 for a, b in pairwise(ys))
        assert all(plot.top <= y <= plot.bottom for y in ys)


@settings(max_examples=300)
@given(chart(st.dates()))
def test_any_date_python_can_hold_is_drawn_inside_the_plot_with_few_ticks(drawn):
    _definition, given_readings, plot = drawn

    assert len(plot.points) == len(given_readings)
    assert all(plot.left <= p.x <= plot.right and plot.start <= p.on <= plot.end for p in plot.points)
    assert 1 <= len(plot.x_ticks) <= MAX_X_TICKS
    assert all(plot.start <= t.on <= plot.end for t in plot.x_ticks)
    assert plot.end - plot.start >= timedelta(days=28)


@settings(max_examples=300)
@given(chart())
def test_ticks_are_few_in_order_and_inside_the_axes(drawn):
    _definition, _readings, plot = drawn

    assert 1 <= len(plot.x_ticks) <= MAX_X_TICKS
    xs = [t.at for t in plot.x_ticks]
    assert xs == sorted(xs) and all(plot.left <= x <= plot.right for x in xs)
    assert all(plot.start <= t.on <= plot.end for t in plot.x_ticks)
    ys = [t.at for t in plot.y_ticks]
    assert ys == sorted(ys, reverse=True) and all(plot.top <= y <= plot.bottom for y in ys)
    assert plot.end - plot.start >= timedelta(days=28)
