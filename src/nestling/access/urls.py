from django.urls import path

from nestling.access import views

urlpatterns = [
    path("emergency-access/", views.break_glass, name="break_glass_open"),
    path("emergency-access/review/", views.break_glass_reviews, name="break_glass_review"),
    path(
        "emergency-access/review/<uuid:access_uuid>/",
        views.break_glass_review_record,
        name="break_glass_review_record",
    ),
    path("grants/", views.grants, name="sensitive_grants"),
    path("grants/<uuid:grant_uuid>/withdraw/", views.grant_withdraw, name="sensitive_grant_withdraw"),
]
