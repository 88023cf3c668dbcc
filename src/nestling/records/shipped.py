"""Rows Nestling ships as data (the field's service types, DC:0-5's diagnosis list) are made by a data
migration, and made again, where missing, after every migrate or flush: a database emptied by a
transactional test or `nestling flush` gets them back. `post_migrate` follows both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import connections
from django.db.models.signals import post_migrate


def ship_after_migrate(config: AppConfig, model_label: str, ship: Callable[[Any], object]) -> None:
    """After each migrate or flush, call `ship(model)` with the model named (`app_label.ModelName`, as the
    migration state has it) — unless the database was migrated back to before its table."""

    def handler(sender: AppConfig, *, using: str = "default", **kwargs: Any) -> None:
        apps = kwargs.get("apps") or global_apps
        try:
            model = apps.get_model(model_label)
        except LookupError:
            return
        if model._meta.db_table not in connections[using].introspection.table_names():
            return
        ship(model)

    post_migrate.connect(handler, sender=config, weak=False, dispatch_uid=f"ship {model_label}")
