from django.urls import path

from nestling.growth import views

urlpatterns = [
    path("children/<uuid:child_uuid>/growth/", views.child_growth, name="child_growth"),
]
