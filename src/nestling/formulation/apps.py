from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import connections
from django.db.models.signals import post_migrate

from nestling.formulation.shipped import ship


def _ship_diagnoses(sender: AppConfig, *, using: str = "default", **kwargs: Any) -> None:
    """After a migrate or a flush, the shipped Axis I rows are there (a flushed test database too)."""
    apps = kwargs.get("apps") or global_apps
    try:
        model = apps.get_model("formulation", "Diagnosis")
    except LookupError:
        return  # migrated back to before the formulation
    if model._meta.db_table not in connections[using].introspection.table_names():
        return
    ship(model)


class FormulationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.formulation"
    verbose_name = "The DC:0-5 formulation"

    def ready(self) -> None:
        from nestling.formulation import contributions  # models are ready only now

        contributions.register()
        post_migrate.connect(_ship_diagnoses, sender=self)
