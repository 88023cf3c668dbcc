"""The caregiver principal: who a signed-in caregiver is, and whether their portal access is in force.

A caregiver reaches the portal while three things hold: their account was not ended, the family's portal
consent covers them (given by them, or for the household without naming who), and the family is not
discharged. The moment one stops holding, their next request signs them out (see `middleware.py`), so
revoking the consent or discharging the family ends every live session at once.

Everything a caregiver reads or does goes through `require_caregiver`; a caregiver reaches their own
caregiver record, their own family's shared records, and never another caregiver's answers or details.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from nestling.access.denials import AccessDenied
from nestling.accounts.models import User
from nestling.families.models import Caregiver, ConsentKind, Enrollment, Family, is_discharged
from nestling.families.selectors import consent_active
from nestling.portal.models import PortalAccount


@dataclass(frozen=True)
class CaregiverPrincipal:
    user: User
    account: PortalAccount
    caregiver: Caregiver
    family: Family


def portal_consent_covers(family: Family, caregiver: Caregiver) -> bool:
    """Whether a portal consent in force today covers this caregiver."""
    return (
        consent_active(family=family, kind=ConsentKind.PORTAL)
        .filter(Q(given_by=caregiver) | Q(given_by__isnull=True))
        .exists()
    )


def family_discharged(family: Family) -> bool:
    return is_discharged(Enrollment.objects.filter(family=family).only("discharged_on"))


def portal_access_problem(account: PortalAccount) -> str | None:
    """Why this account's access is not in force ("ended", "consent", "discharged"), or None."""
    if account.ended_at is not None or not account.user.is_active:
        return "ended"
    if not portal_consent_covers(account.family, account.caregiver):
        return "consent"
    if family_discharged(account.family):
        return "discharged"
    return None


def portal_account_of(user: User) -> PortalAccount | None:
    return (
        PortalAccount.objects.select_related("user", "caregiver", "family", "family__organization")
        .filter(user=user)
        .first()
    )


def caregiver_principal(user: User) -> CaregiverPrincipal | None:
    """The caregiver this user signs in as, while their access is in force; None otherwise."""
    if not getattr(user, "is_authenticated", False):
        return None
    account = portal_account_of(user)
    if account is None or portal_access_problem(account) is not None:
        return None
    return CaregiverPrincipal(user=user, account=account, caregiver=account.caregiver, family=account.family)


def require_caregiver(actor: User, *, action: str = "portal.view") -> CaregiverPrincipal:
    """The actor as a caregiver with portal access in force; otherwise AccessDenied (a 404, audited)."""
    cached = getattr(actor, "_nestling_caregiver", None)
    principal = cached if isinstance(cached, CaregiverPrincipal) else caregiver_principal(actor)
    if principal is None:
        raise AccessDenied(
            actor=actor,
            action=action,
            category="portal",
            subject_type="portal",
            subject_id=getattr(actor, "uuid", ""),
            organization_id=getattr(actor, "organization_id", None),
        )
    actor.__dict__["_nestling_caregiver"] = principal
    return principal


def require_own(principal: CaregiverPrincipal, record: object, *, action: str = "portal.view") -> None:
    """Go on only if the record belongs to the caregiver's family (and, when it names a caregiver, to
    this caregiver); otherwise AccessDenied naming the record."""
    same_family = getattr(record, "family_id", None) == principal.family.pk
    caregiver_id = getattr(record, "caregiver_id", None)
    if same_family and caregiver_id in (None, principal.caregiver.pk):
        return
    raise AccessDenied(
        actor=principal.user,
        action=action,
        category="portal",
        subject_type=record._meta.model_name if hasattr(record, "_meta") else "",
        subject_id=getattr(record, "uuid", ""),
        organization_id=principal.user.organization_id,
    )
