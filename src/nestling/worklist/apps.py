from django.apps import AppConfig


class WorklistConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.worklist"
    verbose_name = "The worklist, the week's schedule and the calendar feed"
