"""Caregivers with a portal account: the caregiver, their own portal consent, a user with no staff role."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from nestling.accounts.models import User
from nestling.families.models import Caregiver, Consent, ConsentKind, Family
from nestling.portal.models import PortalAccount
from tests.factories.accounts import UserFactory
from tests.factories.families import CaregiverFactory, ConsentFactory


@dataclass(frozen=True)
class PortalCaregiver:
    caregiver: Caregiver
    consent: Consent
    user: User
    account: PortalAccount


def portal_caregiver(
    family: Family, *, email: str, invited_by: User, totp: bool = False, **caregiver: object
) -> PortalCaregiver:
    """A caregiver of `family` who consented to the portal themself and has an account in use (with an
    authenticator app when `totp`: a caregiver may add one)."""
    person = CaregiverFactory(family=family, **caregiver)
    consent = ConsentFactory(family=family, kind=ConsentKind.PORTAL, given_by=person, given_by_other="")
    user = UserFactory(
        organization=family.organization,
        email=email,
        first_name=person.given_name,
        last_name=person.family_name,
        totp=totp,
    )
    account = PortalAccount.objects.create(
        organization=family.organization,
        user=user,
        caregiver=person,
        family=family,
        invited_by=invited_by,
        invited_at=timezone.now(),
    )
    return PortalCaregiver(person, consent, user, account)
