from django.urls import path

from nestling.referrals import views

F = "families/<uuid:family_uuid>/referrals/"
R = F + "<uuid:referral_uuid>/"

urlpatterns = [
    path("directory/", views.directory, name="referral_directory"),
    path("directory/new/", views.directory_add, name="referral_directory_add"),
    path("directory/<uuid:service_uuid>/", views.directory_edit, name="referral_directory_edit"),
    path(F + "new/", views.referral_add, name="referral_add"),
    path(R, views.referral_detail, name="referral_detail"),
    path(R + "edit/", views.referral_edit, name="referral_edit"),
    path(R + "status/", views.referral_status, name="referral_status"),
    path(R + "letter/", views.referral_letter, name="referral_letter"),
]
