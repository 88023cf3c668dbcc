from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "nestling.operations"
    label = "operations"
    verbose_name = "Operations"
