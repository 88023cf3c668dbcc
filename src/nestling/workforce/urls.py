from django.urls import path

from nestling.workforce import views

urlpatterns = [path("team/", views.team, name="team")]
