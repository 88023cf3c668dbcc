from django.apps import AppConfig


class VisitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.visits"
    verbose_name = "Visits and group sessions"

    def ready(self) -> None:
        from nestling.visits import contributions, discharge  # models are ready only now

        contributions.register()
        discharge.register()
