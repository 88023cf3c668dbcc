"""The countable thing of a measure: the engine's units, whatever population they come from."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class Unit(NamedTuple):
    """One countable thing of a measure: on `on` it falls in a period; met, or excluded for a reason.
    `met_on` is the day it was met where that matters (met in a period only by its end); `value` what a
    median or a mean measure takes of it; `category` a sensitive category of the record behind it."""

    key: tuple[object, ...]
    family_id: int
    on: date
    met: bool
    excluded: str = ""
    met_on: date | None = None
    value: float = 0.0
    category: str = ""
