"""Rows that ship with Nestling (an app's data migration makes them) come back after every migrate or
flush: a test database emptied between transactional tests, and the demo built on it, still has them.

An app connects its own `ship` from its AppConfig.ready with `ship_after_migrate`; `ship` adds only the
rows that are missing and leaves the others as they are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import connections
from django.db.models.signals import post_migrate


def ship_after_migrate(app_config: AppConfig, model_label: str, ship: Callable[[Any], object]) -> None:
    """After each migrate (or flush) of `app_config`'s app, call `ship(model)` with `model_label`'s model
    ("app_label.ModelName") as the migration state has it, unless the state has no such model yet or
    its table is not in the database (migrated back to before it)."""
    app_label, model_name = model_label.split(".")

    def _ship(sender: AppConfig, *, using: str = "default", **kwargs: Any) -> None:
        apps = kwargs.get("apps") or global_apps
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            return
        if model._meta.db_table not in connections[using].introspection.table_names():
            return
        ship(model)

    # weak=False: the handler is a closure, held only by the signal.
    post_migrate.connect(
        _ship, sender=app_config, weak=False, dispatch_uid=f"ship_after_migrate:{model_label}"
    )
