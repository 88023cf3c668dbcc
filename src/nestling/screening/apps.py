from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.screening"

    def ready(self) -> None:
        from nestling.screening import contributions, discharge, task_kinds  # models are ready only now

        task_kinds.register()
        contributions.register()
        discharge.register()
