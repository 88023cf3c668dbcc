from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "nestling.referrals"
    label = "referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nestling.referrals import contributions, outcome, task_kinds

        task_kinds.register()
        outcome.register()
        contributions.register()
