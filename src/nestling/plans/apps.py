from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.plans"
    verbose_name = "The care plan"

    def ready(self) -> None:
        from nestling.plans import contributions, discharge, task_kinds  # models are ready only now
        from nestling.plans.services.service_types import service_types_ship
        from nestling.records.shipped import ship_after_migrate

        task_kinds.register()
        contributions.register()
        discharge.register()
        ship_after_migrate(self, "plans.ServiceType", lambda _model: service_types_ship())
