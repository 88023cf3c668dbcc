"""What the FHIR app adds to the family page: the family's own copy of its record, for the staff who may
give it (`Action.FAMILY_EXPORT`). Registered when the app is ready; it reads nothing clinical."""

from __future__ import annotations

from nestling.access.policy import Action, can
from nestling.accounts.models import User
from nestling.families.contributions import FamilyParts, Part, contribute_to_family_page
from nestling.families.models import Family
from nestling.families.selectors import FamilyPage


def family_page_copy(*, actor: User, family: Family, page: FamilyPage) -> FamilyParts:
    """Links to the family's own copy (one query to ask whether the reader may give it)."""
    if not can(actor, Action.FAMILY_EXPORT, family):
        return FamilyParts()
    return FamilyParts(panels=[Part("fhir/_family_panel.html", {"family": family})])


def register() -> None:
    contribute_to_family_page(family_page_copy)
