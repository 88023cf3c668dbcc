"""Errors of the visits' own services (the shared ones are in `records.errors`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nestling.visits.models import Visit


class VisitClash(Exception):
    """The practitioner has another visit at that time. Nothing was saved: the form shows the clashes
    and asks whether to schedule anyway."""

    def __init__(self, clashes: list[Visit]) -> None:
        self.clashes = clashes
        super().__init__(f"{len(clashes)} overlapping visit(s)")
