"""What a page says when it leaves records out because the reader holds no grant for their sensitive
category: how many, in which categories, and who gives grants. One mechanism for every page (the family
page, the screening pages, the History, tasks); the records themselves — what, when, about whom — stay
hidden.

Naming the category is deliberate: the reader may already open this family, and the category is what
they need to ask the privacy officer for. A count of zero is falsy, so a page shows nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from nestling.accounts.models import Role, User
from nestling.audit.categories import SensitiveCategory


@dataclass(frozen=True)
class HiddenCategory:
    code: str
    label: str
    count: int


class LeftOut(int):
    """How many records were left out (it is that number), and how many of each category."""

    by_category: tuple[tuple[str, int], ...]

    def __new__(cls, by_category: Iterable[tuple[str, int]] = ()) -> LeftOut:
        pairs = tuple(sorted((code, n) for code, n in by_category if n))
        made = super().__new__(cls, sum(n for _code, n in pairs))
        made.by_category = pairs
        return made

    @property
    def categories(self) -> list[HiddenCategory]:
        labels = dict(SensitiveCategory.choices)
        return [HiddenCategory(code, str(labels.get(code, code)), n) for code, n in self.by_category]


def left_out(records: Iterable[object], granted: frozenset[str]) -> LeftOut:
    """The records of `records` not shown to a reader granted `granted`, counted by category."""
    counts: Counter[str] = Counter()
    for record in records:
        category = getattr(record, "sensitive_category", "")
        if category and category not in granted:
            counts[category] += 1
    return LeftOut(counts.items())


def category_label(code: str) -> str:
    return str(dict(SensitiveCategory.choices).get(code, code))


def grant_givers(organization_id: int) -> QuerySet[User]:
    """Who can give a grant in this organization: its active privacy officers."""
    return (
        User.objects.filter(
            organization_id=organization_id, is_active=True, role_assignments__role=Role.PRIVACY_OFFICER
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
