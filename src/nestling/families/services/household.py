"""The household's own details and who lives in it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.errors import RecordInvalid, StaleEdit
from nestling.families.models import Family, HouseholdMembership
from nestling.families.services.recording import changes_since, jsonable

FAMILY_FIELDS = frozenset(
    {
        "name",
        "address_line",
        "address_locality",
        "address_region",
        "postal_code",
        "languages_at_home",
        "preferred_language",
        "interpreter_needed",
        "contact_method",
        "contact_notes",
    }
)


def family_update(*, family: Family, by: User, version: int, **changes: Any) -> Family:
    """Change the household's details; refuses a stale `version` with the other person's changes."""
    unknown = set(changes) - FAMILY_FIELDS
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} here")
    if "name" in changes and not str(changes["name"]).strip():
        raise RecordInvalid({"name": [_("Enter a household name.")]})
    with transaction.atomic():
        current = Family.objects.select_for_update().get(pk=family.pk)
        if current.version != version:
            raise StaleEdit(current_version=current.version, changes=changes_since(current, version))
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for name, value in changes.items():
            if getattr(current, name) != value:
                before[name], after[name] = jsonable(getattr(current, name)), jsonable(value)
                setattr(current, name, value)
        if not after:
            return current
        current.version += 1
        current.save(update_fields=[*after, "version", "updated_at"])
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="family",
            organization_id=current.organization_id,
            subject_type="family",
            subject_id=current.uuid,
            family_uuid=current.uuid,
            detail={"before": before, "after": after, "version": current.version},
        )
    return current


def household_member_leave(*, membership: HouseholdMembership, by: User, on: date) -> HouseholdMembership:
    """Record that someone no longer lives in the household from `on`."""
    if on < membership.starts_on:
        raise RecordInvalid({"ends_on": [_("Leaving cannot be before joining.")]})
    with transaction.atomic():
        before = jsonable(membership.ends_on)
        membership.ends_on = on
        membership.save(update_fields=["ends_on"])
        person = membership.caregiver or membership.child
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="family",
            organization_id=membership.organization_id,
            subject_type="household_membership",
            subject_id=person.uuid if person is not None else "",
            family_uuid=membership.family.uuid,
            detail={"before": {"ends_on": before}, "after": {"ends_on": on.isoformat()}},
        )
    return membership
