"""Plain multi-row inserts for the large demo: rows as dicts, ids given up front, no model instances.

The ORM's bulk_create spends most of its time building and preparing model instances; for a million
rows that is minutes. Here each column gets one converter chosen once, ids are numbered from the table's
current maximum, and sequences are reset afterwards (PostgreSQL; SQLite follows explicit ids itself).
Only for the demo builder: it skips validation and audit on purpose.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone


class Table:
    """One model's table: fills defaults, numbers ids, and inserts rows in batches."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.convert = [_converter(f) for f in self.fields]
        now = timezone.now()
        self.static: dict[str, Any] = {}
        self.fresh_uuid = [
            f.attname for f in self.fields if isinstance(f, models.UUIDField) and f.default is uuid.uuid4
        ]
        for f in self.fields:
            if f.primary_key or f.attname in self.fresh_uuid:
                continue
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                self.static[f.attname] = now
            elif f.has_default():
                self.static[f.attname] = f.get_default()
            elif f.null:
                self.static[f.attname] = None
            elif f.blank and isinstance(f, models.CharField | models.TextField):
                self.static[f.attname] = ""
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        pk = model._meta.pk
        assert pk is not None
        # A table keyed by UUID (subjects) takes its ids from the rows; others are numbered here.
        self.numbered = not isinstance(pk, models.UUIDField)
        self.next_id = 1
        if self.numbered:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT MAX({quote(str(pk.column))}) FROM {self.table}")  # noqa: S608 - names from the model
                self.next_id = (cursor.fetchone()[0] or 0) + 1
        self.pending: list[dict[str, Any]] = []

    def row(self, **values: Any) -> dict[str, Any]:
        """A new row with its id set (so other rows can point at it), queued for `flush`."""
        row = {**self.static, **{name: uuid.uuid4() for name in self.fresh_uuid}, **values}
        if self.numbered:
            row[self.model._meta.pk.attname] = self.next_id
            self.next_id += 1
        self.pending.append(row)
        return row

    def flush(self) -> int:
        if not self.pending:
            return 0
        columns = ", ".join(connection.ops.quote_name(str(c)) for c in self.columns)
        placeholders = ", ".join(["%s"] * len(self.columns))
        sql = f"INSERT INTO {self.table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model
        values = [
            tuple(c(row[a]) for c, a in zip(self.convert, self.attnames, strict=True)) for row in self.pending
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)
        count = len(self.pending)
        self.pending = []
        return count


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    """After explicit ids, let the database's own numbering continue above them (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    # A key to a row keyed by UUID (a subject) is stored as that UUID is.
    if isinstance(field, models.UUIDField) or (
        isinstance(field, models.ForeignKey) and isinstance(field.target_field, models.UUIDField)
    ):
        if connection.features.has_native_uuid_field:
            return _same
        return lambda value: value.hex if value is not None else None
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_value(value, connection)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return _same


def _same(value: Any) -> Any:
    return value
