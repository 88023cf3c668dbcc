from django.apps import AppConfig


class FormulationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.formulation"
    verbose_name = "The DC:0-5 formulation"

    def ready(self) -> None:
        from nestling.formulation import contributions  # models are ready only now

        contributions.register()
