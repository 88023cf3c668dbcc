from django.urls import path

from nestling.families import views

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("families/<uuid:family_uuid>/", views.family_detail, name="family_detail"),
]
