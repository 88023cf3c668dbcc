"""The Axis I list and its ICD-10 crosswalk as an organization sees it: the shipped rows, each replaced by
the organization's own row with the same key where it has one, and the rows it added.

The organization admin edits its rows (`crosswalk_row_save`); shipped rows are never changed, so they stay
every organization's default."""

from __future__ import annotations

import re
import uuid

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.formulation.models import Diagnosis, DiagnosisGroup
from nestling.records.errors import RecordInvalid

ICD10 = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$")


def icd10_errors(field: str, code: str) -> dict[str, list[str]]:
    """An ICD-10 code is a letter, two digits and an optional part after a dot (F84.0, F43.10, F88)."""
    if code and not ICD10.match(code):
        return {
            field: [
                _(
                    "Enter an ICD-10 code as a letter, two digits and an optional part after a dot, "
                    "like F84.0."
                )
            ]
        }
    return {}


def crosswalk_for(*, organization_id: int, active_only: bool = False) -> list[Diagnosis]:
    """The organization's Axis I list, in group and name order (one query)."""
    rows = Diagnosis.objects.filter(Q(organization__isnull=True) | Q(organization_id=organization_id))
    by_key: dict[str, Diagnosis] = {}
    for row in rows.order_by("organization_id"):  # shipped first, then the organization's replacements
        if row.organization_id is None:
            by_key.setdefault(row.key, row)
        else:
            by_key[row.key] = row
    order = list(DiagnosisGroup.values)
    chosen = [row for row in by_key.values() if row.active or not active_only]
    return sorted(chosen, key=lambda row: (order.index(row.group), row.name.lower()))


def crosswalk_row_save(
    *,
    by: User,
    key: str = "",
    group: str,
    name: str,
    icd10: str,
    note: str = "",
    active: bool = True,
) -> Diagnosis:
    """Save the organization's own row for `key` (replacing the shipped row for it), or add a diagnosis of
    its own when `key` is empty. The organization admin only."""
    require(by, Action.SETTINGS_MANAGE)
    organization_id = by.organization_id
    icd10 = icd10.strip().upper()
    errors: dict[str, list[str]] = {}
    if group not in DiagnosisGroup.values:
        errors["group"] = [_("Choose the group of the diagnosis.")]
    if not name.strip():
        errors["name"] = [_("Enter the diagnosis's name.")]
    errors.update(icd10_errors("icd10", icd10))
    shipped = Diagnosis.objects.filter(organization__isnull=True, key=key).first() if key else None
    own = Diagnosis.objects.filter(organization_id=organization_id, key=key).first() if key else None
    if key and shipped is None and own is None:
        errors[""] = [_("This diagnosis is not on the list any more. Reload the page.")]
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        if own is None:
            own = Diagnosis(
                organization_id=organization_id,
                key=key or f"own-{uuid.uuid4().hex[:12]}",
                verified=False,
                source=_("Added by the organization") if shipped is None else shipped.source,
            )
        before = {"name": own.name, "icd10": own.icd10, "active": own.active} if own.pk else {}
        own.group, own.name, own.icd10, own.note, own.active = (
            group,
            name.strip(),
            icd10,
            note.strip(),
            active,
        )
        own.updated_by = by
        if shipped is not None and (own.name, own.icd10) != (shipped.name, shipped.icd10):
            own.verified = False  # the organization's edit is its own, not the published crosswalk's
        own.save()
        audit_record(
            actor=by,
            action=AuditAction.CHANGE if before else AuditAction.CREATE,
            category="settings",
            subject_type="diagnosis",
            subject_id=own.key,
            detail={"before": before, "after": {"name": own.name, "icd10": own.icd10, "active": own.active}},
        )
    return own
