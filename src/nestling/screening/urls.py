from django.urls import path

from nestling.screening import views

F = "families/<uuid:family_uuid>/"

urlpatterns = [
    path(F + "screening/", views.family_screening_view, name="family_screening"),
    # Before the administer pattern, whose three free segments would otherwise take this path.
    path(
        F + "screening/results/<uuid:result_uuid>/entered-in-error/",
        views.screening_result_entered_in_error,
        name="screening_result_entered_in_error",
    ),
    path(
        F + "screening/<str:subject_kind>/<uuid:subject_uuid>/<slug:instrument_id>/",
        views.screening_administer,
        name="screening_administer",
    ),
    path(F + "screening/results/<uuid:result_uuid>/", views.screening_result_view, name="screening_result"),
    path(F + "alerts/<uuid:alert_uuid>/", views.safety_alert_view, name="safety_alert"),
    path(F + "alerts/<uuid:alert_uuid>/response/", views.safety_response_edit, name="safety_response_edit"),
    path(F + "follow-ups/<uuid:task_uuid>/", views.follow_up_view, name="follow_up"),
    path(
        "programs/<uuid:program_uuid>/screening-schedule/",
        views.program_schedule_view,
        name="program_schedule",
    ),
]
