"""Whether a child or caregiver being added looks already known in the organization.

Same organization, same date of birth (or, before birth, the same due date) and a similar name. Names are
compared without case, accents or punctuation, so "Zoë O'Neil" matches "zoe oneil".
"""

from __future__ import annotations

import unicodedata
from datetime import date
from difflib import SequenceMatcher
from typing import TypeVar

from nestling.families.models import Caregiver, Child

P = TypeVar("P", Child, Caregiver)

SIMILAR_AT = 0.8  # SequenceMatcher ratio of the normalized full names


def normalized_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isalnum() or c == " ").strip()


def names_similar(given_a: str, family_a: str, given_b: str, family_b: str) -> bool:
    a = normalized_name(f"{given_a} {family_a}")
    b = normalized_name(f"{given_b} {family_b}")
    if not a or not b:
        return False
    same_surname = normalized_name(family_a) == normalized_name(family_b)
    unnamed = not normalized_name(given_a) or not normalized_name(given_b)  # "Baby" not named yet
    return SequenceMatcher(None, a, b).ratio() >= SIMILAR_AT or (same_surname and unnamed)


def possible_duplicates(
    model: type[P],
    *,
    organization_id: int,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    due_date: date | None = None,
    exclude_pk: int | None = None,
) -> list[P]:
    """People of the organization who may be this person (one query, on the date index)."""
    if date_of_birth is not None:
        candidates = model._default_manager.filter(
            organization_id=organization_id, date_of_birth=date_of_birth
        )
    elif due_date is not None and model is Child:
        # Only a Child has a due date; the keyword is spelled out for the type checker.
        candidates = model._default_manager.filter(
            organization_id=organization_id, date_of_birth__isnull=True, **{"due_date": due_date}
        )
    else:
        return []
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    return [
        person
        for person in candidates.select_related("family")[:50]
        if names_similar(given_name, family_name, person.given_name, person.family_name)
    ]
