"""The geometry of a growth chart: centile lines and a child's points mapped into an SVG viewBox.

The template draws what this returns; nothing here knows about HTML. Ages are days (negative before
term on UK-WHO); a point sits at the age the reference was read at (corrected age where it applies).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

WIDTH, HEIGHT = 720, 440
# Room for the labels at the larger type a phone draws them in (the stylesheet scales it up as the chart
# narrows, so that it still reads at about 11 px on a 360 px screen).
LEFT, RIGHT, TOP, BOTTOM = 56, 52, 32, 44
# On a phone a chart labels only every other tick and centile line (the minor ones are for wider screens),
# so that the larger labels keep apart: at most this many labels along the x axis before thinning.
MOST_X_LABELS = 7
DAYS_PER_MONTH = 365.25 / 12
# A few fixed spans, so the cached centile lines are shared by every child in that age band.
SPANS_DAYS = (183, 365, 730, 1096, 1826)


@dataclass(frozen=True)
class PlotLine:
    label: str
    points: str  # "x,y x,y …" for <polyline points>
    median: bool
    label_x: float
    label_y: float
    minor: bool = False  # its label is left out on a phone


@dataclass(frozen=True)
class PlotPoint:
    x: float
    y: float
    age_days: int
    corrected_age_days: int | None
    value: float
    centile: float | None
    date: str


@dataclass(frozen=True)
class Tick:
    at: float
    label: str
    minor: bool = False  # its label is left out on a phone


@dataclass(frozen=True)
class Plot:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    lines: tuple[PlotLine, ...]
    points: tuple[PlotPoint, ...]
    trail: str  # the child's points joined, oldest first
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


def chart_span(ages: list[int]) -> tuple[int, int]:
    """The age range to draw: from term (or the earliest point, in 4-week steps) to a fixed span."""
    earliest = min([0, *ages])
    start = -28 * math.ceil(-earliest / 28) if earliest < 0 else 0
    latest = max([0, *ages]) + 14
    end = next((span for span in SPANS_DAYS if span >= latest), SPANS_DAYS[-1])
    return start, end


def _nice_step(span: float) -> float:
    raw = span / 6
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def build_plot(
    *,
    lines: list[tuple[str, list[tuple[float, float]], bool]],
    points: list[tuple[float, int, int | None, float, float | None, str]],
    start_days: float,
    end_days: float,
    x_step: float | None = None,
    decimal: str = ".",
) -> Plot:
    """Map centile lines [(label, [(age, value)], median?)] and points [(plot age, chronological age,
    corrected age or None, value, centile, date text)] into the viewBox.

    The x axis is age in days, ticked in months; with `x_step` it is another quantity (length in cm on
    weight-for-length) ticked every `x_step` of it. Tick labels write fractions with `decimal`, the
    reader's decimal separator."""
    values = [v for _, pts, _m in lines for _a, v in pts] + [p[3] for p in points]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    step = _nice_step(max(high - low, 0.1))
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM

    def x_of(age: float) -> float:
        return round(LEFT + (age - start_days) / (end_days - start_days) * (right - LEFT), 1)

    def y_of(value: float) -> float:
        return round(bottom - (value - low) / (high - low) * (bottom - TOP), 1)

    # Every other centile is labelled on a phone, counted from the median so that it always is.
    median_at = next((i for i, (_label, _pts, median) in enumerate(lines) if median), 0)
    plot_lines = []
    for index, (label, pts, median) in enumerate(lines):
        inside = [(a, v) for a, v in pts if start_days <= a <= end_days]
        if not inside:
            continue
        last_age, last_value = inside[-1]
        plot_lines.append(
            PlotLine(
                label=label,
                points=" ".join(f"{x_of(a)},{y_of(v)}" for a, v in inside),
                median=median,
                label_x=x_of(last_age) + 4,
                label_y=y_of(last_value) + 4,
                minor=(index - median_at) % 2 == 1,
            )
        )
    plot_points = tuple(
        PlotPoint(
            x=x_of(age),
            y=y_of(value),
            age_days=chronological,
            corrected_age_days=corrected,
            value=value,
            centile=centile,
            date=when,
        )
        for age, chronological, corrected, value, centile, when in points
        if start_days <= age <= end_days
    )
    x_ticks = []
    if x_step is not None:
        at = math.ceil(start_days / x_step) * x_step
        while at <= end_days:
            x_ticks.append(Tick(at=x_of(at), label=f"{at:g}".replace(".", decimal)))
            at = round(at + x_step, 6)
    else:
        month_step = 1 if end_days - start_days <= 400 else 3 if end_days - start_days <= 1100 else 6
        month = math.ceil(start_days / DAYS_PER_MONTH)
        while month * DAYS_PER_MONTH <= end_days:
            if month % month_step == 0:
                x_ticks.append(Tick(at=x_of(month * DAYS_PER_MONTH), label=str(month)))
            month += 1
    if len(x_ticks) > MOST_X_LABELS:
        x_ticks = [replace(tick, minor=index % 2 == 1) for index, tick in enumerate(x_ticks)]
    y_ticks = []
    tick = low
    while tick <= high + step / 2:
        y_ticks.append(Tick(at=y_of(tick), label=f"{tick:g}".replace(".", decimal)))
        tick = round(tick + step, 6)
    return Plot(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=right,
        top=TOP,
        bottom=bottom,
        lines=tuple(plot_lines),
        points=plot_points,
        trail=" ".join(f"{p.x},{p.y}" for p in plot_points),
        x_ticks=tuple(x_ticks),
        y_ticks=tuple(y_ticks),
    )
