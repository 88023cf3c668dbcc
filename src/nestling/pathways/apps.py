from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.pathways"

    def ready(self) -> None:
        from nestling.pathways import task_kinds  # models are ready only now

        task_kinds.register()
