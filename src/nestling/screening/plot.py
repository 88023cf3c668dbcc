"""The geometry of one person's results on one instrument: bands, cut-off, points and ticks in a viewBox.

The template draws what this returns; nothing here knows about HTML or Django. Totals are whole numbers,
so each band covers its scores from min - 0.5 to max + 0.5: bands meet on half-points and a point never
sits on a boundary. Bands are listed from the lowest total, and on every shipped instrument a higher
total is the more concerning, so the shade deepens with the band's position.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from nestling.screening.scoring.definition import Band, Definition

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 44, 64, 28, 44  # the top margin names the axis; the right one holds band ranges
SHADES = 5  # fill levels, calm (0) to alarming (4); the stylesheet defines one class per level
MIN_PAD_DAYS = 14
MAX_X_TICKS = 6
MAX_Y_TICKS = 7
LABEL_GAP = 16  # vertical room one range label needs, in viewBox units
DAY_STEPS = (7, 14)
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)
Y_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
# A result dated further back than this, or after today, is almost certainly a typing error (0026 for
# 2026): the chart leaves it off rather than squash every other point into one column.
YEARS_DRAWN = 20


@dataclass(frozen=True)
class Reading:
    on: date
    total: int


@dataclass(frozen=True)
class PlotBand:
    id: str
    label: str  # the definition's English label; the page translates it
    min: int
    max: int
    level: int
    y: float  # top edge
    height: float
    label_y: float  # where its score range is written in the right margin

    @property
    def range_text(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}–{self.max}"

    @property
    def bottom(self) -> float:
        return round(self.y + self.height, 1)


@dataclass(frozen=True)
class PlotPoint:
    index: int  # position in the readings given, so the caller can find its result
    x: float
    y: float
    on: date
    total: int
    band_id: str


@dataclass(frozen=True)
class Cutoff:
    value: int  # positive from this total up
    y: float


@dataclass(frozen=True)
class XTick:
    at: float
    on: date
    by_month: bool  # label with month and year, else day and month


@dataclass(frozen=True)
class YTick:
    at: float
    label: str


@dataclass(frozen=True)
class Plot:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    bands: tuple[PlotBand, ...]  # lowest total first
    cutoff: Cutoff | None
    points: tuple[PlotPoint, ...]  # oldest first
    trail: str  # "x,y x,y …" for <polyline points>
    x_ticks: tuple[XTick, ...]
    y_ticks: tuple[YTick, ...]
    start: date
    end: date

    @property
    def inner_width(self) -> int:
        return self.right - self.left

    @property
    def range_x(self) -> int:
        return self.right + 8


def _limits(definition: Definition) -> list[tuple[Band, int, int]]:
    """Each band with its lowest and highest total; empty unless every band has both."""
    if definition.bands.by != "total":
        return []
    limits = [(b, b.min, b.max) for b in definition.bands.ranges if b.min is not None and b.max is not None]
    return limits if len(limits) == len(definition.bands.ranges) else []


def chartable(definition: Definition) -> bool:
    """Only instruments banded on a total get a chart; a positive/negative screen stays a table."""
    return bool(_limits(definition))


def shade(position: int, count: int) -> int:
    """Spread `count` bands over the SHADES levels, so the top band is always the most alarming."""
    if count <= 1:
        return 0
    return int(position * (SHADES - 1) / (count - 1) + 0.5)


def shifted(day: date, days: int) -> date:
    """`day` moved by `days`, stopping at the first or last date a `date` can hold."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def drawn_window(today: date) -> tuple[date, date]:
    """The dates a chart draws (see YEARS_DRAWN); any date outside it is left off, never an error."""
    return shifted(today, -round(YEARS_DRAWN * 365.25)), today


def date_span(dates: Sequence[date]) -> tuple[date, date]:
    """The dates to draw: the readings with some air either side (a single reading gets a month).

    Near the ends of the calendar the air goes to the side that has room, so any stored date draws.
    """
    first, last = min(dates), max(dates)
    pad = max(MIN_PAD_DAYS, round((last - first).days * 0.05))
    width = (last - first).days + 2 * pad
    start = shifted(first, -pad)
    end = shifted(start, width)
    return shifted(end, -width), end


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _first_of(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def date_ticks(start: date, end: date) -> tuple[list[date], bool]:
    """Round dates inside [start, end]: weekly or fortnightly on Mondays for a short span, else the first
    of every 1, 2, 3, 6, 12… months; the fewest steps that keep at most MAX_X_TICKS. (dates, by month)"""
    # Each step is counted before its dates are made: a span of centuries would make millions.
    monday = shifted(start, -start.weekday() % 7)
    for step in DAY_STEPS:
        offsets = range(0, (end - monday).days + 1, step)
        if len(offsets) <= MAX_X_TICKS:
            return [monday + timedelta(days=n) for n in offsets], False
    for step in MONTH_STEPS:
        first = _month_index(start) + (0 if start.day == 1 else 1)
        first += -first % step
        indexes = range(first, _month_index(end) + 1, step)
        if len(indexes) <= MAX_X_TICKS:
            return [_first_of(i) for i in indexes], True
    return [start, end], False


def _y_step(low: int, high: int) -> int:
    return next((s for s in Y_STEPS if (high - low) // s + 1 <= MAX_Y_TICKS), Y_STEPS[-1])


def spread(wanted: Sequence[float], low: float, high: float, gap: float) -> list[float]:
    """Move labels (wanted positions, top to bottom) apart by at least `gap` within [low, high] where
    there is room: each is pushed down off the one above, then the run is pushed back up off the bottom."""
    placed: list[float] = []
    for y in wanted:
        placed.append(max(y, low) if not placed else max(y, placed[-1] + gap))
    if placed and placed[-1] > high:
        placed[-1] = high
        for n in range(len(placed) - 2, -1, -1):
            placed[n] = min(placed[n], placed[n + 1] - gap)
    return placed


def build_plot(definition: Definition, readings: Sequence[Reading]) -> Plot:
    """Place one person's readings on one instrument against its bands.

    Raises ValueError for an instrument that is not chartable, no readings, or a total outside the
    instrument's range (the caller leaves those off, as the table still lists them).
    """
    limits = _limits(definition)
    if not limits:
        raise ValueError(f"{definition.key} is not banded on a total")
    if not readings:
        raise ValueError("a chart needs at least one reading")
    low, high = definition.total_range()
    for reading in readings:
        if not low <= reading.total <= high:
            raise ValueError(f"total {reading.total} is outside {definition.key}'s range {low}-{high}")
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    start, end = date_span([r.on for r in readings])

    def x_of(day: date) -> float:
        return round(LEFT + (day - start).days / (end - start).days * (right - LEFT), 1)

    def y_of(value: float) -> float:
        return round(bottom - (value - (low - 0.5)) / (high - low + 1) * (bottom - TOP), 1)

    tops = [y_of(most + 0.5) for _band, _least, most in limits]
    bottoms = [y_of(least - 0.5) for _band, least, _most in limits]
    label_ys = spread(
        [(t + b) / 2 for t, b in zip(reversed(tops), reversed(bottoms), strict=True)],
        TOP + LABEL_GAP / 2,
        bottom - LABEL_GAP / 2,
        LABEL_GAP,
    )[::-1]
    bands = tuple(
        PlotBand(
            id=band.id,
            label=band.label,
            min=least,
            max=most,
            level=shade(n, len(limits)),
            y=top,
            height=round(bot - top, 1),
            label_y=round(label_y, 1),
        )
        for n, ((band, least, most), top, bot, label_y) in enumerate(
            zip(limits, tops, bottoms, label_ys, strict=True)
        )
    )

    def band_of(total: int) -> str:
        return next(b.id for b in bands if b.min <= total <= b.max)

    order = sorted(range(len(readings)), key=lambda n: readings[n].on)
    points = tuple(
        PlotPoint(
            index=n,
            x=x_of(readings[n].on),
            y=y_of(readings[n].total),
            on=readings[n].on,
            total=readings[n].total,
            band_id=band_of(readings[n].total),
        )
        for n in order
    )
    rule = definition.positive
    cutoff = None
    if rule.kind == "total_at_least" and rule.value is not None and low < rule.value <= high:
        cutoff = Cutoff(value=rule.value, y=y_of(rule.value - 0.5))
    tick_dates, by_month = date_ticks(start, end)
    step = _y_step(low, high)
    return Plot(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=right,
        top=TOP,
        bottom=bottom,
        bands=bands,
        cutoff=cutoff,
        points=points,
        trail=" ".join(f"{p.x},{p.y}" for p in points),
        x_ticks=tuple(XTick(at=x_of(day), on=day, by_month=by_month) for day in tick_dates),
        y_ticks=tuple(
            YTick(at=y_of(value), label=str(value))
            for value in range(math.ceil(low / step) * step, high + 1, step)
        ),
        start=start,
        end=end,
    )
