from django.apps import AppConfig


class FhirConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.fhir"
    label = "fhir"

    def ready(self) -> None:
        from nestling.fhir import contributions  # models are ready only now

        contributions.register()
