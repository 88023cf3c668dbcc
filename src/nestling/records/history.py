"""What changed on a record, version by version, read from its history table."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from nestling.records.errors import OtherChange
from nestling.records.models import RecordChange


def record_label(record: models.Model) -> str:
    """The name a record's rows carry in the history table: `app_label.model_name`."""
    return record._meta.label_lower


def display_value(field: models.Field[Any, Any] | None, value: Any) -> str:
    """A stored value as a person reads it: choices by their label, yes/no, a dash for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def changes_since(record: Any, version: int) -> list[OtherChange]:
    """What others changed on this record after `version`, oldest first, field by field."""
    rows = RecordChange.objects.filter(
        record_type=record_label(record), record_uuid=record.uuid, version__gt=version
    ).order_by("version")
    fields = {f.name: f for f in record._meta.get_fields() if isinstance(f, models.Field)}
    changes: list[OtherChange] = []
    for row in rows:
        for name, new in row.after.items():
            field = fields.get(name)
            old = row.before.get(name)
            changes.append(
                OtherChange(
                    field=name,
                    label=str(field.verbose_name) if field is not None else name,
                    before=display_value(field, old),
                    after=display_value(field, new),
                    by=row.changed_by_label,
                    at=row.changed_at,
                    before_value=old,
                    after_value=new,
                )
            )
    return changes
