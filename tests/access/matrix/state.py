"""What a refused request must leave as it found: every row of Nestling's own tables but the audit trail
(a refusal writes its denial there, which the matrix counts separately), and the accounts' email addresses
and second factors."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.db import connection

State = dict[str, object]


@cache
def _tables() -> tuple[tuple[str, str], ...]:
    """(table, primary key column) of every table the state covers."""
    return tuple(
        (model._meta.db_table, model._meta.pk.column)
        for config in apps.get_app_configs()
        if (config.name.startswith("nestling.") and config.name != "nestling.audit")
        or config.name in ("allauth.account", "allauth.mfa")
        for model in config.get_models(include_auto_created=True)
    )


def record_state() -> State:
    """Every row of those tables, in primary-key order: in plain SQL, since it is read twice per case."""
    quote = connection.ops.quote_name
    tables = _tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One round trip rather than one per table.
            cursor.execute(
                "SELECT "
                + ", ".join(
                    f"(SELECT json_agg(t ORDER BY t.{quote(pk)})::text FROM {quote(table)} t)"
                    for table, pk in tables
                )
            )
            return dict(zip((table for table, _pk in tables), cursor.fetchone(), strict=True))
        state: State = {}
        for table, pk in tables:
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")
            state[table] = cursor.fetchall()
        return state


def changed_tables(before: State, after: State) -> list[str]:
    return sorted(table for table in before if before[table] != after[table])
