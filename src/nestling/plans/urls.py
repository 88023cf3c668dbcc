from django.urls import path

from nestling.plans import views

F = "families/<uuid:family_uuid>/"
P = F + "plans/<uuid:plan_uuid>/"
G = F + "goals/<uuid:goal_uuid>/"

urlpatterns = [
    path(F + "plans/new/", views.plan_add, name="plan_add"),
    path(P, views.care_plan, name="care_plan"),
    path(P + "edit/", views.plan_edit, name="plan_edit"),
    path(P + "review/", views.plan_review_add, name="plan_review_add"),
    path(P + "goals/new/", views.goal_add, name="goal_add"),
    path(G, views.goal_detail, name="goal_detail"),
    path(G + "edit/", views.goal_edit, name="goal_edit"),
    path(G + "close/", views.goal_close_view, name="goal_close"),
    path(G + "progress/new/", views.goal_progress_add, name="goal_progress_add"),
    path("service-types/", views.service_types, name="service_types"),
    path("service-types/<slug:code>/", views.service_type_edit, name="service_type_edit"),
]
