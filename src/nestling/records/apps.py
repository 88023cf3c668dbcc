from django.apps import AppConfig


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.records"
    verbose_name = "Clinical records: the one write path"
