"""The one way a clinical record is written: created once per client id, changed only from the version the
editor read, closed only once — each with its audit row, and each change with its history row, in the same
transaction.

Every service of every clinical app writes through these; none saves a clinical row by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar
from uuid import UUID

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.records.errors import AlreadyClosed, StaleEdit
from nestling.records.history import changes_since, record_label
from nestling.records.models import RecordChange


class Versioned(Protocol):
    """A row edited by version: a clinical record, or the household itself."""

    pk: Any
    uuid: UUID
    version: int
    organization_id: int


class InFamily(Protocol):
    uuid: UUID
    organization_id: int


R = TypeVar("R", bound=models.Model)


def jsonable(value: Any) -> Any:
    """A value as it is stored in a history or audit row's before/after."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(getattr(value, "uuid", value.pk))
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def category_of(record: models.Model) -> str:
    """The audit data category: the record's own (a sensitive category, say) or its model's name."""
    own = getattr(record, "audit_category", "")
    return str(own) if own else record._meta.model_name or "record"


def already_created(model: type[R], *, family: InFamily, client_id: UUID | None) -> R | None:
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
        client_id = getattr(record, "client_id", None)
        if client_id is None:
            raise
        existing = (
            type(record)
            ._default_manager.filter(
                organization_id=getattr(record, "organization_id", None), client_id=client_id
            )
            .first()
        )
        if existing is None:
            raise
        return existing, False
    return record, True


def audit_create(
    *, by: User, record: models.Model, family: InFamily, detail: dict[str, Any] | None = None
) -> None:
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        category=category_of(record),
        organization_id=family.organization_id,
        subject_type=record._meta.model_name or "",
        subject_id=getattr(record, "uuid", ""),
        family_uuid=family.uuid,
        detail={"version": getattr(record, "version", None), **(detail or {})},
    )


def record_insert(record: R, *, by: User, family: InFamily, detail: dict[str, Any] | None = None) -> R:
    """Insert a new clinical row with its audit row (inside the caller's transaction when there is one)."""
    with transaction.atomic():
        record.save(force_insert=True)
        audit_create(by=by, record=record, family=family, detail=detail)
    return record


def _locked(record: Any) -> Any:
    # Lock the row alone: PostgreSQL refuses FOR UPDATE across a nullable join.
    return type(record)._default_manager.select_for_update().get(pk=record.pk)


def _write_change(
    current: Any,
    *,
    by: User,
    family: InFamily,
    before: dict[str, Any],
    after: dict[str, Any],
    extra_fields: list[str],
    detail: dict[str, Any] | None,
    related: frozenset[str] = frozenset(),
) -> None:
    """Bump the version, save only what changed, and write the history and audit rows (`related` names
    values in them that are rows of their own, which the caller saves)."""
    current.version += 1
    update_fields = [*(name for name in after if name not in related), *extra_fields, "version"]
    if any(f.name == "updated_at" for f in current._meta.concrete_fields):
        update_fields.append("updated_at")
    current.save(update_fields=list(dict.fromkeys(update_fields)))
    RecordChange.objects.create(
        organization_id=current.organization_id,
        record_type=record_label(current),
        record_uuid=current.uuid,
        family_uuid=family.uuid,
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
        category=category_of(current),
        organization_id=family.organization_id,
        subject_type=current._meta.model_name or "",
        subject_id=current.uuid,
        family_uuid=family.uuid,
        detail={"before": before, "after": after, "version": current.version, **(detail or {})},
    )


def _diff(current: Any, changes: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in changes.items():
        old = getattr(current, name)
        if old != value:
            before[name], after[name] = jsonable(old), jsonable(value)
            setattr(current, name, value)
    return before, after


def record_update(
    record: R,
    *,
    by: User,
    version: int,
    changes: dict[str, Any],
    allowed: frozenset[str],
    family: InFamily,
    detail: dict[str, Any] | None = None,
    related: Mapping[str, tuple[Any, Any]] | None = None,
) -> tuple[R, dict[str, Any]]:
    """Apply `changes` if the row is still at `version`; return the row and the before-values changed.

    A stale version raises StaleEdit with the other person's changes. Unchanged values are not written and
    do not bump the version. Call it inside the caller's transaction when more is written with it.

    `related` gives, by name, the (before, after) of rows that belong to the record and change with it (a
    goal's planned services, as lists of words): they are part of this version, in its history and audit
    rows, but the caller saves the rows themselves, in the same transaction.
    """
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} here")
    with transaction.atomic():
        current = _locked(record)
        if current.version != version:
            raise StaleEdit(current_version=current.version, changes=changes_since(current, version))
        before, after = _diff(current, changes)
        for name, (old, new) in (related or {}).items():
            if old != new:
                before[name], after[name] = jsonable(old), jsonable(new)
        if after:
            _write_change(
                current,
                by=by,
                family=family,
                before=before,
                after=after,
                extra_fields=[],
                detail=detail,
                related=frozenset(related or ()),
            )
    return current, before


def record_close_once(
    record: R,
    *,
    by: User,
    version: int | None,
    closed_when: str,
    values: dict[str, Any],
    refusal: Callable[[R], str],
    family: InFamily,
    detail: dict[str, Any] | None = None,
) -> R:
    """Close a record exactly once: set `values` (which include the field named `closed_when`) on the
    locked row, unless it is already closed (AlreadyClosed, worded by `refusal(current)`) or has changed
    since `version` (StaleEdit; None skips the check, for closes the system makes by itself).
    """
    with transaction.atomic():
        current = _locked(record)
        if getattr(current, closed_when) is not None:
            raise AlreadyClosed({"": [refusal(current)]})
        if version is not None and current.version != version:
            raise StaleEdit(current_version=current.version, changes=changes_since(current, version))
        before, after = _diff(current, values)
        _write_change(
            current, by=by, family=family, before=before, after=after, extra_fields=[], detail=detail
        )
    return current
