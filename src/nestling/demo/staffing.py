"""The demo's staffing: a practitioner invited last week who has not signed in yet, and a trauma-history
factor that Pat recorded, shown to her alone because the privacy officer granted her the category."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from nestling.access.models import SensitiveGrant
from nestling.accounts.models import Role, RoleAssignment, StaffInvitation, User
from nestling.audit.categories import SensitiveCategory
from nestling.families.models import Caregiver, Family, RiskFactor
from nestling.organizations.models import Organization

INVITED_EMAIL_LOCAL = "invited"


def add_staffing(
    *, org: Organization, family: Family, pat: User, privacy: User, admin: User, domain: str, today: date
) -> None:
    """An open invitation, and Pat's trauma-history grant with the factor it shows her."""
    sent = timezone.now() - timedelta(days=2)
    invited = User.objects.create_user(
        email=f"{INVITED_EMAIL_LOCAL}@{domain}",
        password=None,
        first_name="Jordan",
        last_name="Whitfield",
        organization=org,
    )
    RoleAssignment.objects.create(organization=org, user=invited, role=Role.PRACTITIONER)
    StaffInvitation.objects.create(
        organization=org,
        user=invited,
        invited_by=admin,
        created_at=sent,
        sent_at=sent,
        expires_at=sent + timedelta(days=settings.STAFF_INVITATION_DAYS),
        nonce=secrets.token_hex(16),
    )
    caregiver = Caregiver.objects.filter(family=family).order_by("pk").first()
    RiskFactor.objects.create(
        organization=org,
        family=family,
        caregiver=caregiver,
        group="stressful_circumstances",
        description="Caregiver's own childhood losses, spoken of at the third visit",
        sensitive_category=SensitiveCategory.TRAUMA_HISTORY,
        noted_on=today - timedelta(days=40),
        source="caregiver",
        created_by=pat,
    )
    SensitiveGrant.objects.create(
        organization=org,
        user=pat,
        category=SensitiveCategory.TRAUMA_HISTORY,
        granted_by=privacy,
        expires_at=timezone.make_aware(datetime.combine(today + timedelta(days=91), time.min)),
        reason="Carries the family's relationship-based work, where the caregiver's history is part of it",
    )
