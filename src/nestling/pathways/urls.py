from django.urls import path

from nestling.pathways import views

urlpatterns = [
    path("families/<uuid:family_uuid>/pathways/", views.family_pathways_view, name="family_pathways"),
    path(
        "families/<uuid:family_uuid>/pathways/<uuid:pathway_uuid>/end/",
        views.family_pathway_end,
        name="family_pathway_end",
    ),
]
