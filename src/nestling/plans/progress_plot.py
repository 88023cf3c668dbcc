"""The geometry of one goal's progress ratings over time: the five points of the scale as rows, the
ratings as points joined oldest to newest, and the plan's start marked, in an SVG viewBox.

The template draws what this returns; nothing here knows about HTML or Django. The date axis is the
screening chart's (`screening.plot`: the span with air either side, round dates for ticks), so the two
read alike. Each point of the scale is a row from level - 0.5 to level + 0.5, so a point sits in the
middle of its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from nestling.screening.plot import XTick, date_span, date_ticks

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 20, 16, 44
LEVELS = 5  # the fixed scale: 1 not started … 5 met


@dataclass(frozen=True)
class Rating:
    on: date
    level: int


@dataclass(frozen=True)
class Level:
    level: int
    y: float  # the middle of its row
    top: float
    height: float


@dataclass(frozen=True)
class ProgressPoint:
    index: int  # position in the ratings given, so the caller can find its rating
    x: float
    y: float
    on: date
    level: int


@dataclass(frozen=True)
class ProgressPlot:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    levels: tuple[Level, ...]  # 1 first (the bottom row)
    points: tuple[ProgressPoint, ...]  # oldest first
    trail: str  # "x,y x,y …" for <polyline points>
    x_ticks: tuple[XTick, ...]
    began_x: float  # where the plan began
    start: date
    end: date

    @property
    def inner_width(self) -> int:
        return self.right - self.left


def build_progress_plot(ratings: Sequence[Rating], *, began: date) -> ProgressPlot:
    """Place a goal's ratings on the scale against time, from the plan's start (`began`).

    Raises ValueError for no ratings, or a level off the scale (the caller's table still lists it)."""
    if not ratings:
        raise ValueError("a progress chart needs at least one rating")
    for rating in ratings:
        if not 1 <= rating.level <= LEVELS:
            raise ValueError(f"level {rating.level} is off the {LEVELS}-point scale")
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    start, end = date_span([began, *(r.on for r in ratings)])
    row = (bottom - TOP) / LEVELS

    def x_of(day: date) -> float:
        return round(LEFT + (day - start).days / (end - start).days * (right - LEFT), 1)

    def y_of(level: float) -> float:
        return round(bottom - (level - 0.5) * row, 1)

    order = sorted(range(len(ratings)), key=lambda n: (ratings[n].on, n))
    points = tuple(
        ProgressPoint(
            index=n, x=x_of(ratings[n].on), y=y_of(ratings[n].level), on=ratings[n].on, level=ratings[n].level
        )
        for n in order
    )
    tick_dates, by_month = date_ticks(start, end)
    return ProgressPlot(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=right,
        top=TOP,
        bottom=bottom,
        levels=tuple(
            Level(level=n, y=y_of(n), top=y_of(n + 0.5), height=round(row, 1)) for n in range(1, LEVELS + 1)
        ),
        points=points,
        trail=" ".join(f"{p.x},{p.y}" for p in points),
        x_ticks=tuple(XTick(at=x_of(day), on=day, by_month=by_month) for day in tick_dates),
        began_x=x_of(began),
        start=start,
        end=end,
    )
