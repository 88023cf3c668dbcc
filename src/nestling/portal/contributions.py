"""What the portal adds to the family page: a panel saying who is invited to the family portal and which
pathway the family is on, with the way to each page (two queries). Registered when the app is ready."""

from __future__ import annotations

from django.utils import translation

from nestling.accounts.models import User
from nestling.families.contributions import FamilyParts, Part, contribute_to_family_page
from nestling.families.models import Family
from nestling.families.selectors import FamilyPage
from nestling.pathways.models import FamilyPathway
from nestling.pathways.selectors import position_of
from nestling.portal.models import PortalAccount


def family_page_portal(*, actor: User, family: Family, page: FamilyPage) -> FamilyParts:
    accounts = list(
        PortalAccount.objects.filter(family=family, ended_at__isnull=True).select_related("caregiver")
    )
    language = translation.get_language() or "en"
    positions = [
        p
        for on in FamilyPathway.objects.filter(family=family, ended_on__isnull=True)
        if (p := position_of(on, language=language, caregiver_only=False))
    ]
    return FamilyParts(
        panels=[
            Part(
                "portal/_family_panel.html", {"family": family, "accounts": accounts, "positions": positions}
            )
        ]
    )


def register() -> None:
    contribute_to_family_page(family_page_portal)
