from django.apps import AppConfig

from nestling.records.shipped import ship_after_migrate


class FormulationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.formulation"
    verbose_name = "The DC:0-5 formulation"

    def ready(self) -> None:
        from nestling.formulation import contributions  # models are ready only now
        from nestling.formulation.shipped import ship

        contributions.register()
        # The shipped Axis I rows, after every migrate or flush.
        ship_after_migrate(self, "formulation.Diagnosis", ship)
