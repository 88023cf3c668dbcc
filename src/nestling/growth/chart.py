"""Centile lines for a growth chart, computed from rcpchgrowth, as plain (age_days, value) lists.

A template draws them as SVG polylines and plots a child's points at `GrowthResult.corrected_age_days`
(the age the reference was read at). Pure Python: no Django import. Results are cached per
(reference, sex, measurement, age range): the lines never change while the process runs.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

from rcpchgrowth import measurement_from_sds

from nestling.growth import weight_for_length as wfl_tables
from nestling.growth.calc import (
    LIBRARY_METHODS,
    InvalidGrowthInput,
    Method,
    Reference,
    Sex,
    check_method,
    check_reference,
    check_sex,
)
from nestling.growth.faltering import CHART_LINES

# UK-WHO and WHO charts in the UK style: nine centiles exactly 2/3 SD apart, labelled by their rounded
# centile. CDC charts use the 3rd–97th set.
NINE_CENTILES = CHART_LINES
CDC_CENTILES: tuple[tuple[float, float], ...] = tuple(
    (centile, NormalDist().inv_cdf(centile / 100)) for centile in (3, 5, 10, 25, 50, 75, 90, 95, 97)
)

# Growth curves bend most in the first weeks, so ages are spaced on a square-root scale: dense early,
# sparse later. About 60 ages per line keeps the first (uncached) chart quick.
GRID_POINTS = 60
# Ages always on the grid: term (0 days), where WHO data start; and both sides of 2 years, where WHO
# moves from lying length to standing height (0.7 cm lower), so the line drops straight down.
BOUNDARY_DAYS = (0, 730, 731)
_DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class CentileLine:
    centile: float  # the label: 0.4, 2, 9 … or 3, 5, 10 … for CDC
    z: float
    # (age in days, value), or (length/height in cm, weight) on weight-for-length; no data, no point
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class CentileChart:
    reference: Reference
    sex: Sex
    method: Method
    start_days: int
    end_days: int
    lines: tuple[CentileLine, ...]


def centile_chart(reference: str, sex: str, method: str, start_days: int, end_days: int) -> CentileChart:
    """The centile lines of `reference` for `sex` and `method` between two ages in days.

    Negative ages (before term) exist only in UK-WHO; other references simply have no points there.
    """
    ref, checked_sex, checked_method = check_reference(reference), check_sex(sex), check_method(method)
    if end_days <= start_days:
        raise InvalidGrowthInput("A chart's end age must be after its start age.")
    return _centile_chart(ref, checked_sex, checked_method, start_days, end_days)


@lru_cache(maxsize=128)
def _centile_chart(
    reference: Reference, sex: Sex, method: Method, start_days: int, end_days: int
) -> CentileChart:
    centiles = CDC_CENTILES if reference == "cdc" else NINE_CENTILES
    ages = age_grid(start_days, end_days)
    lines = tuple(
        CentileLine(centile=label, z=z, points=_line(reference, sex, method, z, ages))
        for label, z in centiles
    )
    return CentileChart(reference, sex, method, start_days, end_days, lines)


@dataclass(frozen=True)
class WeightForLengthChart:
    sex: Sex
    against: wfl_tables.Table
    start_cm: float
    end_cm: float
    lines: tuple[CentileLine, ...]


def weight_for_length_chart(sex: str, against: str, start_cm: float, end_cm: float) -> WeightForLengthChart:
    """WHO's weight-for-length (or -height) centile lines, nine centiles, between two lengths in cm."""
    checked_sex = check_sex(sex)
    if against not in wfl_tables.RANGES:
        raise InvalidGrowthInput(f"Weight-for-length is against length or height, not {against!r}.")
    table: wfl_tables.Table = "length" if against == "length" else "height"
    return _weight_for_length_chart(checked_sex, table, start_cm, end_cm)


@lru_cache(maxsize=32)
def _weight_for_length_chart(
    sex: Sex, table: wfl_tables.Table, start_cm: float, end_cm: float
) -> WeightForLengthChart:
    low, high = wfl_tables.RANGES[table]
    start, end = max(low, start_cm), min(high, end_cm)
    lengths = [round(start + (end - start) * i / GRID_POINTS, 1) for i in range(GRID_POINTS + 1)]
    rows = [(cm, wfl_tables.lms_at(table, sex, cm)) for cm in lengths]
    lines = tuple(
        CentileLine(
            centile=label, z=z, points=tuple((cm, round(wfl_tables.value_at(lms, z), 3)) for cm, lms in rows)
        )
        for label, z in NINE_CENTILES
    )
    return WeightForLengthChart(sex, table, start, end, lines)


def age_grid(start_days: int, end_days: int, points: int = GRID_POINTS) -> tuple[int, ...]:
    """Whole-day ages from start to end, dense near the start (square-root spacing)."""
    span = end_days - start_days
    ages = {start_days + round(span * (i / points) ** 2) for i in range(points + 1)}
    ages.update(day for day in BOUNDARY_DAYS if start_days <= day <= end_days)
    return tuple(sorted(ages))


def _line(
    reference: Reference, sex: Sex, method: Method, z: float, ages: tuple[int, ...]
) -> tuple[tuple[int, float], ...]:
    points = []
    for age_days in ages:
        value = _value_at(reference, sex, method, z, age_days)
        if value is not None:
            points.append((age_days, value))
    return tuple(points)


def _value_at(reference: Reference, sex: Sex, method: Method, z: float, age_days: int) -> float | None:
    # rcpchgrowth raises LookupError outside a reference's ages and prints some errors to stdout
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(LookupError, ValueError):
        value = measurement_from_sds(
            reference=reference,
            requested_sds=z,
            measurement_method=LIBRARY_METHODS[method],
            sex=sex,
            age=age_days / _DAYS_PER_YEAR,
        )
        return None if value is None else float(value)
    return None
