from django.urls import path

from nestling.organizations import views

urlpatterns = [
    path("program/", views.program_overview, name="program_overview"),
    path("staff/", views.staff, name="staff_list"),
    path("staff/<uuid:user_uuid>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
    path("settings/", views.organization_settings, name="organization_settings"),
]
