"""The geometry of a goal's progress chart (plans/progress_plot.py): pure, no database."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nestling.plans.progress_plot import LEVELS, Rating, build_progress_plot

BEGAN = date(2026, 1, 5)


def test_each_point_of_the_scale_is_a_row_from_the_bottom_up():
    plot = build_progress_plot([Rating(BEGAN + timedelta(days=30), 3)], began=BEGAN)
    assert [level.level for level in plot.levels] == [1, 2, 3, 4, 5]
    ys = [level.y for level in plot.levels]
    assert ys == sorted(ys, reverse=True)  # 1 at the bottom (largest y), 5 at the top
    assert plot.levels[0].top + plot.levels[0].height == pytest.approx(plot.bottom, abs=0.2)
    assert plot.levels[-1].top == pytest.approx(plot.top, abs=0.2)


def test_points_run_oldest_first_keep_their_index_and_sit_in_their_row():
    ratings = [Rating(BEGAN + timedelta(days=90), 4), Rating(BEGAN + timedelta(days=10), 1)]
    plot = build_progress_plot(ratings, began=BEGAN)
    assert [p.index for p in plot.points] == [1, 0]
    assert plot.points[0].x < plot.points[1].x
    rows = {level.level: level for level in plot.levels}
    for point in plot.points:
        row = rows[point.level]
        assert row.top <= point.y <= row.top + row.height
    assert plot.trail == " ".join(f"{p.x},{p.y}" for p in plot.points)


def test_the_plan_start_is_marked_left_of_every_rating():
    plot = build_progress_plot([Rating(BEGAN + timedelta(days=60), 2)], began=BEGAN)
    assert plot.left <= plot.began_x < plot.points[0].x <= plot.right


def test_it_refuses_no_ratings_and_a_level_off_the_scale():
    with pytest.raises(ValueError, match="at least one"):
        build_progress_plot([], began=BEGAN)
    for level in (0, 6):
        with pytest.raises(ValueError, match="off the 5-point scale"):
            build_progress_plot([Rating(BEGAN, level)], began=BEGAN)


@given(st.lists(st.tuples(st.integers(0, 3 * 365), st.integers(1, LEVELS)), min_size=1, max_size=30))
def test_any_ratings_from_the_start_on_are_drawn_inside_the_plot_with_few_ticks(rows):
    plot = build_progress_plot([Rating(BEGAN + timedelta(days=d), level) for d, level in rows], began=BEGAN)
    for point in plot.points:
        assert plot.left <= point.x <= plot.right and plot.top <= point.y <= plot.bottom
    assert 1 <= len(plot.x_ticks) <= 6
    assert all(plot.left <= tick.at <= plot.right for tick in plot.x_ticks)


def test_the_plot_module_imports_no_django():
    code = (
        "import sys, nestling.plans.progress_plot;"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    completed = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": src}, check=False)
    assert completed.returncode == 0
