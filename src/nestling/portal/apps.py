from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.portal"

    def ready(self) -> None:
        from nestling.portal import contributions, sign_in, task_kinds  # models are ready only now

        task_kinds.register()
        contributions.register()
        sign_in.connect()
