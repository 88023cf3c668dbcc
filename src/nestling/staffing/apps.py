from django.apps import AppConfig


class StaffingConfig(AppConfig):
    """Setting an organization up in the browser: inviting staff, their roles, who carries which family
    and who supervises whom."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.staffing"
