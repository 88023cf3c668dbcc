from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.portal"

    def ready(self) -> None:
        from nestling.accounts.languages import language_lookup_register
        from nestling.portal import contributions, sign_in, task_kinds  # models are ready only now
        from nestling.portal.services.accounts import language_of

        language_lookup_register(language_of)

        task_kinds.register()
        contributions.register()
        sign_in.connect()
