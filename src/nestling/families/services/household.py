"""The household's own details and who lives in it."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import AssignmentKind, CaseloadAssignment, Family, HouseholdMembership
from nestling.families.validation import happened_errors
from nestling.organizations.models import Program
from nestling.records.errors import RecordInvalid
from nestling.records.writes import jsonable, record_update

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


def family_create(
    *,
    program: Program,
    by: User,
    name: str,
    reference: str = "",
    client_id: UUID | None = None,
    **details: Any,
) -> Family:
    """Open a household record at intake and put it on the creating practitioner's caseload (primary).

    Without a reference, one is made up (F- and eight characters). A repeated `client_id` returns the
    family the first submission created.
    """
    unknown = set(details) - FAMILY_FIELDS
    if unknown:
        raise TypeError(f"cannot set {sorted(unknown)} here")
    if client_id is not None:
        existing = Family.objects.filter(organization_id=by.organization_id, client_id=client_id).first()
        if existing is not None:
            return existing
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Enter a household name.")]
    if program.organization_id != by.organization_id:
        errors["program"] = [_("Choose a program of your organization.")]
    reference = reference.strip() or f"F-{uuid4().hex[:8].upper()}"
    if Family.objects.filter(organization_id=by.organization_id, reference__iexact=reference).exists():
        errors["reference"] = [_("Another family already has this reference.")]
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                family = Family.objects.create(
                    organization_id=by.organization_id,
                    program=program,
                    name=name.strip(),
                    reference=reference,
                    client_id=client_id,
                    **details,
                )
        except IntegrityError:
            again = Family.objects.filter(organization_id=by.organization_id, client_id=client_id).first()
            if client_id is None or again is None:
                raise
            return again
        CaseloadAssignment.objects.create(
            organization_id=by.organization_id,
            family=family,
            practitioner=by,
            kind=AssignmentKind.PRIMARY,
            starts_on=timezone.localdate(),
        )
        audit_record(
            actor=by,
            action=AuditAction.CREATE,
            category="family",
            subject_type="family",
            subject_id=family.uuid,
            family_uuid=family.uuid,
            detail={"version": family.version, "reference": reference, "program": str(program.uuid)},
        )
    return family


def family_update(*, family: Family, by: User, version: int, **changes: Any) -> Family:
    """Change the household's details; refuses a stale `version` with the other person's changes."""
    if "name" in changes and not str(changes["name"]).strip():
        raise RecordInvalid({"name": [_("Enter a household name.")]})
    current, _before = record_update(
        family, by=by, version=version, changes=changes, allowed=FAMILY_FIELDS, family=family
    )
    return current


def household_member_leave(*, membership: HouseholdMembership, by: User, on: date) -> HouseholdMembership:
    """Record that someone no longer lives in the household from `on`."""
    if on < membership.starts_on:
        raise RecordInvalid({"ends_on": [_("Leaving cannot be before joining.")]})
    # a move out is recorded once it has happened, not planned ahead
    errors = happened_errors("ends_on", on)
    if errors:
        raise RecordInvalid(errors)
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
