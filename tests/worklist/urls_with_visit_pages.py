"""The project's URLs with stand-ins for the visits app's pages, to show that the worklist's links follow
them once they exist."""

from django.http import HttpResponse
from django.urls import path

from nestling.urls import urlpatterns as project

V = "families/<uuid:family_uuid>/visits/<uuid:visit_uuid>/"


def _page(request, **kwargs):
    return HttpResponse()


urlpatterns = [
    *project,
    path("families/<uuid:family_uuid>/visits/new/", _page, name="visit_schedule"),
    path(V, _page, name="visit_detail"),
    path(V + "record/", _page, name="visit_record"),
    path(V + "note/", _page, name="visit_note"),
]
