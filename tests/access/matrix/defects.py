"""What the application gets wrong today, found by the matrix. Each defect names the cases it breaks, which
run as xfail(strict=True): the suite stays green, the defect stays visible, and its fix turns them into
passes that fail as XPASS until the defect's entry here is removed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.access.matrix.family_targets import READ
from tests.access.matrix.shapes import Pattern, Target


@dataclass(frozen=True)
class Defect:
    reason: str
    breaks: Callable[[Pattern, Target, str, str], bool]  # (pattern, target, method, persona)


RESULT = "families/<uuid:family_uuid>/screening/results/<uuid:result_uuid>/"

DEFECTS = [
    Defect(
        "D5 sensitive categories do not cover screening: an AUDIT-C result (substance use) opens for every "
        "reader of the family, none holding a substance-use grant; instrument definitions carry no category "
        "and screening_result_view checks none (the design: categories cover instruments and results)",
        lambda p, t, m, who: (
            p.route == RESULT and t.label == "substance-use result, no grant" and who in READ["own"]
        ),
    ),
]


def marks(pattern: Pattern, target: Target, method: str, persona: str) -> list[pytest.MarkDecorator]:
    return [
        pytest.mark.xfail(strict=True, reason=defect.reason)
        for defect in DEFECTS
        if defect.breaks(pattern, target, method, persona)
    ]
