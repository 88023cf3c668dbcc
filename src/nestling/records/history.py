"""What changed on a record, version by version, read from its history table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from nestling.records.errors import OtherChange
from nestling.records.models import RecordChange


def record_label(record: models.Model) -> str:
    """The name a record's rows carry in the history table: `app_label.model_name`."""
    return record._meta.label_lower


def display_value(field: models.Field[Any, Any] | None, value: Any) -> str:
    """A stored value as a person reads it: choices by their label, yes/no, a dash for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def field_label(model: type[models.Model], name: str) -> tuple[models.Field[Any, Any] | None, str]:
    """The field a history row's name stands for, and its label; rows of their own that change with the
    record (`record_update(related=...)`, a goal's planned services) are named by their model."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None, name
    if isinstance(field, models.Field):
        return field, str(field.verbose_name)
    related = field.related_model
    return None, str(related._meta.verbose_name_plural) if related is not None else name


def _as_changes(model: type[models.Model], rows: Sequence[RecordChange]) -> list[OtherChange]:
    changes: list[OtherChange] = []
    for row in rows:
        for name, new in row.after.items():
            field, label = field_label(model, name)
            old = row.before.get(name)
            changes.append(
                OtherChange(
                    field=name,
                    label=label,
                    before=display_value(field, old),
                    after=display_value(field, new),
                    by=row.changed_by_label,
                    at=row.changed_at,
                    before_value=old,
                    after_value=new,
                )
            )
    return changes


def changes_since(record: Any, version: int) -> list[OtherChange]:
    """What others changed on this record after `version`, oldest first, field by field."""
    rows = RecordChange.objects.filter(
        record_type=record_label(record), record_uuid=record.uuid, version__gt=version
    ).order_by("version")
    return _as_changes(type(record), list(rows))


def history_rows(records: Sequence[Any]) -> dict[UUID, list[RecordChange]]:
    """Every saved change of these records (of one or more models), oldest first, by record id: one
    query however many records."""
    if not records:
        return {}
    rows: dict[UUID, list[RecordChange]] = defaultdict(list)
    found = RecordChange.objects.filter(
        record_type__in={record_label(r) for r in records}, record_uuid__in=[r.uuid for r in records]
    ).order_by("record_uuid", "version")
    for row in found:
        rows[row.record_uuid].append(row)
    return dict(rows)
