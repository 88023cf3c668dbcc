"""Errors of the family record's own services (the shared ones are in `records.errors`)."""

from __future__ import annotations

from typing import Any


class PossibleDuplicate(Exception):
    """Someone with a similar name and the same date of birth is already recorded; confirm to go on."""

    def __init__(self, matches: list[Any]) -> None:
        self.matches = matches
        super().__init__(f"{len(matches)} possible duplicate(s)")
