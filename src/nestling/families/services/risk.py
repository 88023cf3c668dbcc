"""Risk and protective factors."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.families.models import Caregiver, Child, Family, RiskFactor
from nestling.families.validation import risk_factor_errors
from nestling.records.errors import RecordInvalid
from nestling.records.writes import already_created, audit_create, insert_once, record_update

FACTOR_FIELDS = frozenset(
    {
        "kind",
        "group",
        "description",
        "caregiver",
        "child",
        "sensitive_category",
        "status",
        "noted_on",
        "source",
        "source_detail",
    }
)


def _belongs(errors: dict[str, list[str]], family: Family, values: dict[str, Any]) -> None:
    for field in ("caregiver", "child"):
        person = values.get(field)
        if person is not None and person.family_id != family.pk:
            errors.setdefault(field, []).append(_("Choose someone of this household."))


def risk_factor_create(
    *,
    family: Family,
    by: User,
    kind: str,
    group: str,
    description: str,
    noted_on: date,
    source: str,
    status: str = "present",
    source_detail: str = "",
    caregiver: Caregiver | None = None,
    child: Child | None = None,
    sensitive_category: str = "",
    client_id: UUID | None = None,
) -> RiskFactor:
    """Record a risk or protective factor. One in a sensitive category is audited under that category and
    shown only to users with a grant for it."""
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(RiskFactor, family=family, client_id=client_id)
    if existing is not None:
        return existing
    values: dict[str, Any] = {
        "kind": kind,
        "group": group,
        "description": description.strip(),
        "noted_on": noted_on,
        "source": source,
        "status": status,
        "source_detail": source_detail.strip(),
        "caregiver": caregiver,
        "child": child,
        "sensitive_category": sensitive_category,
    }
    errors = risk_factor_errors(values)
    _belongs(errors, family, values)
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        factor, created = insert_once(
            RiskFactor(
                organization_id=family.organization_id,
                family=family,
                client_id=client_id,
                created_by=by,
                **values,
            )
        )
        if created:
            audit_create(by=by, record=factor, family=family)
    return factor


def risk_factor_update(*, factor: RiskFactor, by: User, version: int, **changes: Any) -> RiskFactor:
    require(by, Action.FAMILY_EDIT, factor.family)
    values = {name: getattr(factor, name) for name in FACTOR_FIELDS} | changes
    errors = risk_factor_errors(values)
    _belongs(errors, factor.family, values)
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        updated, _before = record_update(
            factor, by=by, version=version, changes=changes, allowed=FACTOR_FIELDS, family=factor.family
        )
    return updated
