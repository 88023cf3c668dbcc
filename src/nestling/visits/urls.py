from django.urls import path

from nestling.visits import views

F = "families/<uuid:family_uuid>/"
V = F + "visits/<uuid:visit_uuid>/"

urlpatterns = [
    path(F + "visits/", views.family_visits_view, name="family_visits"),
    path(F + "visits/new/", views.visit_schedule_view, name="visit_schedule"),
    path(V, views.visit_detail, name="visit_detail"),
    path(V + "record/", views.visit_record_view, name="visit_record"),
    path(V + "missed/", views.visit_missed_view, name="visit_missed"),
    path(V + "cancel/", views.visit_cancel_view, name="visit_cancel"),
    path(V + "reschedule/", views.visit_reschedule_view, name="visit_reschedule"),
    path(V + "note/", views.visit_note_view, name="visit_note"),
    path(V + "note/autosave/", views.visit_note_autosave, name="visit_note_autosave"),
    path(V + "note/addenda/", views.note_addendum_view, name="note_addendum"),
    path("programs/<uuid:program_uuid>/groups/", views.program_groups, name="program_groups"),
    path("programs/<uuid:program_uuid>/groups/new/", views.group_session_add, name="group_session_add"),
    path("groups/<uuid:session_uuid>/", views.group_session_view, name="group_session"),
    path(
        "groups/<uuid:session_uuid>/attendance/new/", views.group_attendance_add, name="group_attendance_add"
    ),
    path(
        "groups/<uuid:session_uuid>/attendance/<uuid:attendance_uuid>/edit/",
        views.group_attendance_edit,
        name="group_attendance_edit",
    ),
]
