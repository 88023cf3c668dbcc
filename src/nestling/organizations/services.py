"""Changes to an organization's settings."""

from __future__ import annotations

from django.db import transaction

from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.organizations.models import GrowthReference, Organization


def organization_settings_update(*, organization: Organization, by: User, growth_reference: str) -> None:
    """Set the organization's growth reference; the change and who made it are audited."""
    if growth_reference not in GrowthReference.values:
        raise ValueError(f"unknown growth reference {growth_reference!r}")
    before = organization.growth_reference
    if before == growth_reference:
        return
    with transaction.atomic():
        organization.growth_reference = growth_reference
        organization.save(update_fields=["growth_reference"])
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="settings",
            organization_id=organization.pk,
            subject_type="organization",
            subject_id=organization.uuid,
            detail={"before": {"growth_reference": before}, "after": {"growth_reference": growth_reference}},
        )
