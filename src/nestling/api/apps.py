from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.api"

    def ready(self) -> None:
        from nestling.api import signals  # models are ready only now

        signals.register()
