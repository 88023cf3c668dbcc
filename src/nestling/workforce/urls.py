from django.urls import path

from nestling.workforce import views
from nestling.workforce.views import practice, rsc, rules

urlpatterns = [
    path("team/", views.team, name="team"),
    path("staff/<uuid:user_uuid>/may-diagnose/", views.staff_may_diagnose, name="staff_may_diagnose"),
    path("staff/<uuid:user_uuid>/qualification/", views.staff_qualification, name="staff_qualification"),
    path("staff/<uuid:user_uuid>/practice/", practice.staff_practice, name="staff_practice"),
    path("staff/<uuid:user_uuid>/practice/profile/", practice.staff_profile_edit, name="staff_profile_edit"),
    path("staff/<uuid:user_uuid>/training/new/", practice.training_add, name="training_add"),
    path("staff/<uuid:user_uuid>/readiness.csv", practice.readiness_csv, name="readiness_csv"),
    path("staff/<uuid:user_uuid>/readiness.pdf", practice.readiness_pdf, name="readiness_pdf"),
    path(
        "training/<uuid:training_uuid>/certificate/",
        practice.training_certificate,
        name="training_certificate",
    ),
    path("practice/", practice.my_practice, name="my_practice"),
    path("endorsement-rules/", rules.endorsement_rules, name="endorsement_rules"),
    path("rsc/", rsc.rsc_log, name="rsc_log"),
    path("rsc/new/", rsc.rsc_session_add, name="rsc_session_add"),
    path("rsc/<uuid:session_uuid>/", rsc.rsc_session, name="rsc_session"),
    path("rsc/<uuid:session_uuid>/cancel/", rsc.rsc_session_cancel_view, name="rsc_session_cancel"),
    path("rsc/<uuid:session_uuid>/held/", rsc.rsc_session_held_view, name="rsc_session_held"),
]
