from django.urls import path

from nestling.formulation import views

C = "children/<uuid:child_uuid>/formulation/"

urlpatterns = [
    path(C, views.formulation_page, name="formulation_page"),
    path(C + "edit/", views.formulation_edit, name="formulation_edit"),
    path(C + "versions/<int:number>/", views.formulation_version, name="formulation_version"),
    path(C + "compare/", views.formulation_compare, name="formulation_compare"),
    path(
        "families/<uuid:family_uuid>/goals/<uuid:goal_uuid>/finding/", views.goal_finding, name="goal_finding"
    ),
    path("settings/crosswalk/", views.crosswalk, name="formulation_crosswalk"),
]
