"""The growth chart's geometry (pure): which labels a phone leaves out so that its larger ones keep apart."""

from __future__ import annotations

from nestling.growth.plot import MOST_X_LABELS, build_plot

NINE = ["0.4", "2", "9", "25", "50", "75", "91", "98", "99.6"]


def _lines(labels: list[str], median: str) -> list[tuple[str, list[tuple[float, float]], bool]]:
    return [(label, [(0, 3.0 + i), (365, 8.0 + i)], label == median) for i, label in enumerate(labels)]


def test_a_phone_labels_every_other_centile_counted_from_the_median():
    plot = build_plot(lines=_lines(NINE, "50"), points=[], start_days=0, end_days=365)
    assert [line.label for line in plot.lines if not line.minor] == ["0.4", "9", "50", "91", "99.6"]
    cdc = build_plot(
        lines=_lines(["3", "5", "10", "25", "50", "75", "90", "95", "97"], "50"),
        points=[],
        start_days=0,
        end_days=365,
    )
    assert [line.label for line in cdc.lines if not line.minor] == ["3", "10", "50", "90", "97"]


def test_a_phone_labels_every_other_month_only_when_there_are_many():
    # A year is ticked every month (0 to 11: day 365 falls short of the 12th), every other one kept
    year = build_plot(lines=_lines(NINE, "50"), points=[], start_days=0, end_days=365)
    assert len(year.x_ticks) == 12
    assert [tick.label for tick in year.x_ticks if not tick.minor] == ["0", "2", "4", "6", "8", "10"]
    # Six months are few enough to keep them all
    half = build_plot(lines=_lines(NINE, "50"), points=[], start_days=0, end_days=183)
    assert len(half.x_ticks) <= MOST_X_LABELS and not any(tick.minor for tick in half.x_ticks)
