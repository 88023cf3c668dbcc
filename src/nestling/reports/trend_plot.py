"""The geometry of a measure's trend by month: one bar per month from 0 to 100 %, a month with nobody
in the denominator left without a bar, in an SVG viewBox. Plain Python: the template draws it, and the
table beside the chart gives every figure in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 36
GRID = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    width: float
    y: float
    height: float
    rate: float | None  # 0–1, None for a month with nobody counted
    text_x: float


@dataclass(frozen=True)
class GridLine:
    percent: int
    y: float


@dataclass(frozen=True)
class TrendPlot:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    bars: tuple[Bar, ...]
    grid: tuple[GridLine, ...]


def trend_plot(months: Sequence[tuple[str, float | None]]) -> TrendPlot:
    """Bars for (label, rate) pairs, oldest first."""
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM
    bottom = TOP + inner_h
    step = inner_w / max(len(months), 1)
    bars = []
    for index, (label, rate) in enumerate(months):
        height = 0.0 if rate is None else round(inner_h * max(0.0, min(rate, 1.0)), 1)
        x = round(LEFT + index * step + step * 0.15, 1)
        bars.append(
            Bar(
                label,
                x,
                round(step * 0.7, 1),
                round(bottom - height, 1),
                height,
                rate,
                round(x + step * 0.35, 1),
            )
        )
    grid = tuple(GridLine(p, round(bottom - inner_h * p / 100, 1)) for p in GRID)
    return TrendPlot(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, bottom, tuple(bars), grid)
