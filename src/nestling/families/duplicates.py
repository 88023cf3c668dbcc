"""Whether a child or caregiver being added looks already known in the organization, and what the user
adding them may be told.

Same organization, same date of birth (or, before birth, the same due date) and a similar name. Names are
compared without case, accents or punctuation, so "Zoë O'Neil" matches "zoe oneil".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import TypeVar
from uuid import UUID

from nestling.access.policy import visible_families
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import Caregiver, Child, Family

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


@dataclass(frozen=True)
class KnownMatch:
    """A possible duplicate in a family the user may open: enough to recognise the person."""

    name: str
    born_or_due: date | None
    family_uuid: UUID
    family_name: str


@dataclass(frozen=True)
class DuplicateWarning:
    shown: list[KnownMatch]
    # Someone matches in a family the user may not open. Who, where and how many stays unsaid: that a
    # person with this name and birth date is a client of the service is itself clinical information.
    known_elsewhere: bool


def duplicate_warning(
    *, user: User, family: Family, matches: list[Caregiver] | list[Child]
) -> DuplicateWarning:
    """What `user`, adding someone to `family`, may be told of `matches`; the lookup is audited."""
    family_ids = {m.family_id for m in matches}
    allowed = set(visible_families(user).filter(pk__in=family_ids).values_list("pk", flat=True))
    seen = [m for m in matches if m.family_id in allowed]
    audit_record(
        actor=user,
        action=AuditAction.SEARCH,
        category="family",
        organization_id=family.organization_id,
        subject_type="possible_duplicate",
        family_uuid=family.uuid,
        detail={
            "kind": matches[0]._meta.model_name if matches else "",
            "matched": [str(m.uuid) for m in matches],
            "shown": [str(m.uuid) for m in seen],
        },
    )
    return DuplicateWarning(
        shown=[
            KnownMatch(
                name=m.full_name,
                born_or_due=m.date_of_birth or (m.due_date if isinstance(m, Child) else None),
                family_uuid=m.family.uuid,
                family_name=m.family.name,
            )
            for m in seen
        ],
        known_elsewhere=len(seen) < len(matches),
    )
