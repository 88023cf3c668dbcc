"""How every family-record service writes: once per client id, with a version check, with an audit row in
the same transaction (before/after for changes)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from nestling.accounts.models import User
from nestling.audit.models import AuditAction, AuditEvent
from nestling.audit.services import audit_record
from nestling.families.errors import OtherChange, StaleEdit
from nestling.families.models import ClinicalRecord, Family, RiskFactor

R = TypeVar("R", bound=ClinicalRecord)


def jsonable(value: Any) -> Any:
    """A value as it is stored in an audit row's before/after."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(getattr(value, "uuid", value.pk))
    return value


def category_of(record: models.Model) -> str:
    """The audit data category: a sensitive category when the record carries one."""
    if isinstance(record, RiskFactor) and record.sensitive_category:
        return record.sensitive_category
    return record._meta.model_name or "record"


def already_created(model: type[R], *, family: Family, client_id: UUID | None) -> R | None:
    """The row a previous submission with this client id created, if any."""
    if client_id is None:
        return None
    return model._default_manager.filter(organization_id=family.organization_id, client_id=client_id).first()


def insert_once(record: R) -> tuple[R, bool]:
    """Insert the row, or — when a concurrent submission with the same client id won — return that one."""
    try:
        with transaction.atomic():
            record.save(force_insert=True)
    except IntegrityError:
        if record.client_id is None:
            raise
        existing = (
            type(record)
            ._default_manager.filter(organization_id=record.organization_id, client_id=record.client_id)
            .first()
        )
        if existing is None:
            raise
        return existing, False
    return record, True


def audit_create(
    *, by: User, record: ClinicalRecord, family: Family, detail: dict[str, Any] | None = None
) -> None:
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        category=category_of(record),
        organization_id=family.organization_id,
        subject_type=record._meta.model_name or "",
        subject_id=record.uuid,
        family_uuid=family.uuid,
        detail={"version": record.version, **(detail or {})},
    )


def record_update(
    record: R,
    *,
    by: User,
    version: int,
    changes: dict[str, Any],
    allowed: frozenset[str],
    family: Family,
    detail: dict[str, Any] | None = None,
) -> tuple[R, dict[str, Any]]:
    """Apply `changes` if the row is still at `version`; return the row and the before-values changed.

    A stale version raises StaleEdit with the other person's changes. Unchanged values are not written and
    do not bump the version. Call it inside the caller's transaction when more is written with it.
    """
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} here")
    model = type(record)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=record.pk)
        if current.version != version:
            raise StaleEdit(current_version=current.version, changes=changes_since(current, version))
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for name, value in changes.items():
            old = getattr(current, name)
            if old != value:
                before[name], after[name] = jsonable(old), jsonable(value)
                setattr(current, name, value)
        if not after:
            return current, {}
        current.version += 1
        current.save(update_fields=[*after, "version", "updated_at"])
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category=category_of(current),
            organization_id=family.organization_id,
            subject_type=model._meta.model_name or "",
            subject_id=current.uuid,
            family_uuid=family.uuid,
            detail={"before": before, "after": after, "version": current.version, **(detail or {})},
        )
    return current, before


def _display(field: models.Field[Any, Any] | None, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def changes_since(record: ClinicalRecord | Family, version: int) -> list[OtherChange]:
    """What others changed on this record after `version`, read back from its audit rows, oldest first."""
    rows = AuditEvent.objects.filter(
        organization_id=record.organization_id,
        action=AuditAction.CHANGE,
        subject_type=record._meta.model_name,
        subject_id=str(record.uuid),
    ).order_by("seq")
    fields = {f.name: f for f in record._meta.get_fields() if isinstance(f, models.Field)}
    changes: list[OtherChange] = []
    for row in rows:
        if int(row.detail.get("version", 0)) <= version:
            continue
        for name, new in row.detail.get("after", {}).items():
            field = fields.get(name)
            changes.append(
                OtherChange(
                    field=name,
                    label=str(field.verbose_name) if field is not None else name,
                    before=_display(field, row.detail.get("before", {}).get(name)),
                    after=_display(field, new),
                    by=row.actor_label,
                    at=row.at,
                    before_value=row.detail.get("before", {}).get(name),
                    after_value=new,
                )
            )
    return changes
