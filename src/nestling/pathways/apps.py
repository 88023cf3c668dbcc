from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nestling.pathways"

    def ready(self) -> None:
        from nestling.families.contributions import follow_corrected_dates
        from nestling.pathways import task_kinds  # models are ready only now
        from nestling.pathways.services import pathway_dates_follow

        task_kinds.register()
        follow_corrected_dates(pathway_dates_follow)
