"""The organization's directory of local services: added, edited (by version) and retired by a program
manager or an organization admin. A retired service is no longer offered for new referrals; the referrals
already made to it keep it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.records.errors import RecordInvalid
from nestling.records.writes import already_created, audit_create, insert_once, record_update
from nestling.referrals.models import LocalService, ServiceKind

FIELDS = ("kind", "name", "address", "phone", "email", "web", "languages", "eligibility", "active")
LIMITS = {"name": 200, "address": 300, "phone": 40, "languages": 200, "eligibility": 2000}


@dataclass
class DirectoryScope:
    """Where a directory entry's history and audit rows are filed: the organization, not a family."""

    uuid: UUID
    organization_id: int


def _scope(by: User) -> DirectoryScope:
    return DirectoryScope(uuid=by.organization.uuid, organization_id=by.organization_id)


def local_service_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    """Every problem with a directory entry's values at once, by field; empty when it can be saved."""
    errors: dict[str, list[str]] = {}
    if values.get("kind") not in ServiceKind.values:
        errors["kind"] = [_("Choose what kind of service it is.")]
    if not values.get("name"):
        errors["name"] = [_("Enter the service's name.")]
    for name, limit in LIMITS.items():
        if len(values.get(name) or "") > limit:
            errors.setdefault(name, []).append(_("At most %(limit)d characters.") % {"limit": limit})
    checks = (
        ("email", EmailValidator(), _("Enter an email address like name@example.org.")),
        ("web", URLValidator(schemes=["http", "https"]), _("Enter a web address beginning https://.")),
    )
    for name, validator, message in checks:
        if values.get(name):
            try:
                validator(values[name])
            except ValidationError:
                errors.setdefault(name, []).append(message)
    if not any(values.get(name) for name in ("address", "phone", "email", "web")):
        errors[""] = [
            _("Give at least one way to reach the service: an address, a phone, an email or a web address.")
        ]
    return errors


def _tidy(values: dict[str, Any]) -> dict[str, Any]:
    tidy = {name: (value.strip() if isinstance(value, str) else value) for name, value in values.items()}
    unknown = set(tidy) - set(FIELDS)
    if unknown:
        raise TypeError(f"not a directory field: {sorted(unknown)}")
    return tidy


def local_service_create(*, by: User, client_id: UUID | None = None, **values: Any) -> LocalService:
    """Add a service to the organization's directory (`values`: the FIELDS). RecordInvalid names every
    problem; a repeated submission with the same client id returns the entry the first one made."""
    require(by, Action.DIRECTORY_MANAGE)
    scope = _scope(by)
    existing = already_created(LocalService, family=scope, client_id=client_id)
    if existing is not None:
        return existing
    values = {"active": True, **_tidy(values)}
    errors = local_service_errors(values)
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        service, created = insert_once(
            LocalService(organization_id=by.organization_id, client_id=client_id, created_by=by, **values)
        )
        if created:
            audit_create(by=by, record=service, family=scope, detail={"name": service.name})
    return service


def local_service_update(*, service: LocalService, by: User, version: int, **values: Any) -> LocalService:
    """Change a directory entry from the version the editor read (StaleEdit names the other change);
    `active=False` retires it."""
    require(by, Action.DIRECTORY_MANAGE)
    if service.organization_id != by.organization_id:
        raise RecordInvalid({"": [_("This service is not in your organization's directory.")]})
    values = _tidy(values)
    merged = {name: getattr(service, name) for name in FIELDS} | values
    errors = local_service_errors(merged)
    if errors:
        raise RecordInvalid(errors)
    updated, _before = record_update(
        service, by=by, version=version, changes=values, allowed=frozenset(FIELDS), family=_scope(by)
    )
    return updated
