"""The field's defaults for endorsement (IMH-E®) rules, from the endorsing bodies' published guidelines:
what an organization's rules start from until it saves its own versions. Plain Python, no Django."""

from __future__ import annotations

from decimal import Decimal

from nestling.workforce.readiness import Rule

# "Within 1–2 years" is read as the longer window, two years; an organization whose endorsing body counts
# one year saves its own version.
EARN_WINDOW_MONTHS = 24
RENEW_WINDOW_MONTHS = 12


def _earn(credential: str, rsc: int, *, verified: bool = True, note: str = "") -> Rule:
    return Rule(
        credential=credential,
        purpose="earn",
        version=0,
        rsc_hours=Decimal(rsc),
        rsc_window_months=EARN_WINDOW_MONTHS,
        training_hours=Decimal(30),
        training_window_months=None,
        verified=verified,
        note=note,
    )


def _renew(credential: str, rsc: int, *, verified: bool = True) -> Rule:
    return Rule(
        credential=credential,
        purpose="renew",
        version=0,
        rsc_hours=Decimal(rsc),
        rsc_window_months=RENEW_WINDOW_MONTHS,
        training_hours=Decimal(15),
        training_window_months=RENEW_WINDOW_MONTHS,
        verified=verified,
    )


DEFAULT_RULES: tuple[Rule, ...] = (
    _earn("ifa", 0, note="RS/C optional"),
    _earn("ifs", 24),
    _earn("imhs", 50, note="and a written exam"),
    _earn(
        "mentor_clinical",
        50,
        verified=False,
        note="and at least 3 years providing RS/C, and a written exam",
    ),
    _earn("mentor_policy", 0, verified=False, note="RS/C not required; a written exam"),
    _earn("mentor_research", 0, verified=False, note="RS/C not required; a written exam"),
    _renew("ifa", 0),
    _renew("ifs", 0),
    _renew("imhs", 12),
    _renew("mentor_clinical", 12),
    _renew("mentor_policy", 0),
    _renew("mentor_research", 0),
)
