from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.plans"
    verbose_name = "The care plan"

    def ready(self) -> None:
        from nestling.plans import contributions, discharge, task_kinds  # models are ready only now

        task_kinds.register()
        contributions.register()
        discharge.register()
