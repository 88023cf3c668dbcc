"""Which sensitive category each instrument's results belong to: data, in one place.

A result of one of these instruments, the chart it is a point on, the tasks it raises and its History
entries are shown only to a reader with a grant for the category (`access.policy.can_see_category`), and
only a practitioner with the grant may give the instrument. The published definition files are not
touched (they are pinned by hash): an instrument not named here is not sensitive.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from nestling.audit.categories import SensitiveCategory

INSTRUMENT_CATEGORIES: Mapping[str, str] = MappingProxyType(
    {
        # Alcohol use: substance use information (42 CFR Part 2 where a program is covered by it).
        "audit-c": SensitiveCategory.SUBSTANCE_USE,
        # The caregiver's own adverse childhood experiences (the BRFSS ACE module).
        "aces": SensitiveCategory.TRAUMA_HISTORY,
        # Hurt, Insult, Threaten, Scream: violence from a partner.
        "hits": SensitiveCategory.INTIMATE_PARTNER_VIOLENCE,
    }
)


def instrument_category(instrument: str) -> str:
    """The sensitive category of an instrument's results, by its id ("audit-c") or a definition key
    ("audit-c@2"); "" when its results are not sensitive."""
    return str(INSTRUMENT_CATEGORIES.get(instrument.partition("@")[0], ""))


def hidden_instruments(shown: frozenset[str]) -> frozenset[str]:
    """The instruments whose results a reader who may see the categories `shown` may not see."""
    return frozenset(i for i, category in INSTRUMENT_CATEGORIES.items() if category not in shown)
