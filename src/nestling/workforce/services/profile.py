"""Writes of the staff profile: the person keeps their own half (discipline, licence, education,
languages), a program manager the program's half (endorsement, caseload capacity). Versioned: a save made
from a page opened before someone else's save is refused, naming who changed what; every change is
written to the record's history and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.records.history import changes_since
from nestling.records.models import RecordChange
from nestling.records.writes import jsonable
from nestling.workforce.models import Credential, Discipline, EducationLevel, StaffProfile
from nestling.workforce.permissions import may_write_as_manager, may_write_own, refuse

OWN_FIELDS = frozenset({"discipline", "licence", "education_level", "languages"})
MANAGER_FIELDS = frozenset(
    {
        "endorsement_category",
        "endorsement_number",
        "endorsement_earned_on",
        "endorsement_renews_on",
        "caseload_capacity",
    }
)
CAPACITY_MAX = 60


def staff_profile_of(person: User) -> StaffProfile:
    """The person's profile, made empty on first use."""
    profile, _created = StaffProfile.objects.get_or_create(
        user=person, defaults={"organization_id": person.organization_id}
    )
    return profile


def _errors(changes: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    choices = {
        "discipline": Discipline.values,
        "education_level": EducationLevel.values,
        "endorsement_category": Credential.values,
    }
    for name, allowed in choices.items():
        if changes.get(name) not in (None, "", *allowed):
            errors[name] = [_("Choose one of the list.")]
    capacity = changes.get("caseload_capacity")
    if capacity is not None and not 0 <= capacity <= CAPACITY_MAX:
        errors["caseload_capacity"] = [
            _("Give a number of families from 0 to %(max)d.") % {"max": CAPACITY_MAX}
        ]
    earned: date | None = changes.get("endorsement_earned_on")
    renews: date | None = changes.get("endorsement_renews_on")
    if earned is not None and earned > timezone.localdate():
        errors["endorsement_earned_on"] = [
            _("An endorsement is earned on a day that has come: today or before.")
        ]
    if earned is not None and renews is not None and renews <= earned:
        errors["endorsement_renews_on"] = [_("It renews after the day it was earned.")]
    if changes.get("endorsement_category") and not changes.get("endorsement_earned_on"):
        errors["endorsement_earned_on"] = [_("Give the day the endorsement was earned.")]
    return errors


def staff_profile_update(*, by: User, person: User, version: int, changes: dict[str, Any]) -> StaffProfile:
    """Change the fields of `person`'s profile that `by` keeps: their own half for the person, the
    program's half for a manager of their organization. Values are stripped; unchanged ones not written."""
    allowed = (OWN_FIELDS if may_write_own(by, person) else frozenset()) | (
        MANAGER_FIELDS if may_write_as_manager(by, person) else frozenset()
    )
    if not allowed or set(changes) - allowed:
        raise refuse(by, "staff.profile.change", subject_type="staffprofile", subject_id=person.uuid)
    changes = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    errors = _errors(changes)
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        staff_profile_of(person)
        current = StaffProfile.objects.select_for_update().select_related("user").get(user=person)
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
        # The history row of a staff record names no family.
        RecordChange.objects.create(
            organization_id=current.organization_id,
            record_type="workforce.staffprofile",
            record_uuid=person.uuid,
            version=current.version,
            changed_at=timezone.now(),
            changed_by=by,
            changed_by_label=by.email,
            before=before,
            after=after,
        )
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="staff",
            organization_id=current.organization_id,
            subject_type="staffprofile",
            subject_id=person.uuid,
            detail={"before": before, "after": after, "version": current.version},
        )
    return current
