"""What the application gets wrong today, found by the matrix. Each defect names the cases it breaks, which
run as xfail(strict=True): the suite stays green, the defect stays visible, and its fix turns them into
passes that fail as XPASS until the defect's entry here is removed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.access.matrix.shapes import Pattern, Target


@dataclass(frozen=True)
class Defect:
    reason: str
    breaks: Callable[[Pattern, Target, str, str], bool]  # (pattern, target, method, persona)


# None known: a defect the matrix finds is listed here, with the cases it breaks, until it is fixed.
DEFECTS: list[Defect] = []


def marks(pattern: Pattern, target: Target, method: str, persona: str) -> list[pytest.MarkDecorator]:
    return [
        pytest.mark.xfail(strict=True, reason=defect.reason)
        for defect in DEFECTS
        if defect.breaks(pattern, target, method, persona)
    ]
