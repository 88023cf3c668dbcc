from django.apps import AppConfig


class TasksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.tasks"
    verbose_name = "One task list"

    def ready(self) -> None:
        from nestling.tasks import contributions, discharge  # models are ready only now

        contributions.register()
        discharge.register()
