from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.accounts"

    def ready(self) -> None:
        # Connects the receivers; imported here because it needs the models loaded.
        from nestling.accounts import receivers  # noqa: F401
