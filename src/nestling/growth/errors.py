"""Errors of growth's own services (the shared ones are in `records.errors`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nestling.growth.models import Measurement


class MeasurementNeedsConfirmation(Exception):
    """The measurement may be saved, once someone answers: is a value beyond WHO's flags really what was
    measured (`implausible`, the sentence saying why), and does a second measurement of the same kind on
    the same day replace the first (`earlier`)? Nothing was saved."""

    def __init__(self, *, implausible: str = "", earlier: Measurement | None = None) -> None:
        self.implausible = implausible
        self.earlier = earlier
        super().__init__("implausible value" if implausible else "a second measurement on the same day")
