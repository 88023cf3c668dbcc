from django.urls import path

from nestling.workforce import views

urlpatterns = [
    path("team/", views.team, name="team"),
    path("staff/<uuid:user_uuid>/may-diagnose/", views.staff_may_diagnose, name="staff_may_diagnose"),
    path("staff/<uuid:user_uuid>/qualification/", views.staff_qualification, name="staff_qualification"),
]
