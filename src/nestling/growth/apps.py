from django.apps import AppConfig


class GrowthConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.growth"

    def ready(self) -> None:
        from nestling.growth import contributions, task_kinds  # models are ready only now

        task_kinds.register()
        contributions.register()
