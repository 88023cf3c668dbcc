from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.families"

    def ready(self) -> None:
        from nestling.families import timeline  # models are ready only now

        timeline.register()
