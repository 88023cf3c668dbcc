from django.urls import path

from nestling.growth import views

urlpatterns = [
    path("children/<uuid:child_uuid>/growth/", views.child_growth, name="child_growth"),
    path(
        "children/<uuid:child_uuid>/growth/<uuid:measurement_uuid>/correct/",
        views.measurement_correct_view,
        name="measurement_correct",
    ),
]
