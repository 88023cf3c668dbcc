"""The household's own details and who lives in it."""

from __future__ import annotations

import random
from datetime import date
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import (
    AssignmentKind,
    CaseloadAssignment,
    Family,
    HouseholdMembership,
    ReferralSource,
    ServiceLevel,
)
from nestling.families.services.enrollment import enrollment_create
from nestling.families.validation import enrollment_errors, happened_errors
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

# No 0 or O, 1, I or L, nor U: a reference read out on the phone or copied from a letter is typed right.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "NST-"
REFERENCE_LENGTH = 8
_SYSTEM_RANDOM = random.SystemRandom()


def family_reference_draw(rng: random.Random = _SYSTEM_RANDOM) -> str:
    """A random family reference: NST- and eight characters (30 ** 8, about 6.6e11, to choose from), so
    one family's reference says nothing about another's."""
    return REFERENCE_PREFIX + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def family_reference_new(*, organization_id: int, rng: random.Random = _SYSTEM_RANDOM) -> str:
    """A random reference no family of the organization has yet (drawn again on a collision)."""
    for _attempt in range(10):
        reference = family_reference_draw(rng)
        if not Family.objects.filter(organization_id=organization_id, reference__iexact=reference).exists():
            return reference
    raise RuntimeError("ten family references drawn in a row were all taken")  # a broken random source


def family_create(
    *,
    program: Program,
    by: User,
    name: str,
    referral_source: str,
    service_level: str,
    enrolled_on: date | None = None,
    referral_detail: str = "",
    reference: str = "",
    client_id: UUID | None = None,
    **details: Any,
) -> Family:
    """Open a household record at intake, enrolled in `program` (from `enrolled_on`, today if not
    given), and put it on the creating practitioner's caseload (primary).

    Without a reference, a random one is drawn (`family_reference_new`). A repeated `client_id` returns
    the family the first submission created. The family, its assignment and its first episode are
    written together or not at all.
    """
    require(by, Action.FAMILY_CREATE)
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
    reference = reference.strip()
    if not reference:
        reference = family_reference_new(organization_id=by.organization_id)
    elif Family.objects.filter(organization_id=by.organization_id, reference__iexact=reference).exists():
        errors["reference"] = [_("Another family already has this reference.")]
    enrolled_on = enrolled_on or timezone.localdate()
    # The episode's own checks, asked now so that the form says every problem at once.
    errors.update(enrollment_errors({"enrolled_on": enrolled_on}))
    if referral_source not in ReferralSource.values:
        errors["referral_source"] = [_("Choose who referred the family.")]
    if service_level not in ServiceLevel.values:
        errors["service_level"] = [_("Choose the service level: promotion, prevention or intervention.")]
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
        enrollment_create(
            family=family,
            by=by,
            program=program,
            enrolled_on=enrolled_on,
            referral_source=referral_source,
            referral_detail=referral_detail,
            service_level=service_level,
        )
    return family


def family_update(*, family: Family, by: User, version: int, **changes: Any) -> Family:
    """Change the household's details; refuses a stale `version` with the other person's changes."""
    require(by, Action.FAMILY_EDIT, family)
    if "name" in changes and not str(changes["name"]).strip():
        raise RecordInvalid({"name": [_("Enter a household name.")]})
    current, _before = record_update(
        family, by=by, version=version, changes=changes, allowed=FAMILY_FIELDS, family=family
    )
    return current


def household_member_leave(*, membership: HouseholdMembership, by: User, on: date) -> HouseholdMembership:
    """Record that someone no longer lives in the household from `on`."""
    require(by, Action.FAMILY_EDIT, membership.family)
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
