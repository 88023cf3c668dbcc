from django.urls import path

from nestling.portal.views import caregiver, questionnaires, staff

F = "families/<uuid:family_uuid>/portal/"
P = "portal/"

urlpatterns = [
    # Staff
    path(F, staff.family_portal, name="family_portal"),
    path(F + "invite/", staff.portal_invite_view, name="portal_invite"),
    path(F + "questionnaires/new/", staff.portal_assign_view, name="portal_assign"),
    path(F + "accounts/<uuid:account_uuid>/end/", staff.portal_account_end_view, name="portal_account_end"),
    path("settings/portal/", staff.portal_settings_view, name="portal_settings"),
    # Everyone
    path("language/", caregiver.language_switch, name="language_switch"),
    # Caregivers
    path(P, caregiver.portal_home_view, name="portal_home"),
    path(P + "welcome/<str:uidb64>/<str:token>/", caregiver.portal_welcome, name="portal_welcome"),
    path(P + "help/", caregiver.portal_help, name="portal_help"),
    path(P + "account/", caregiver.portal_account, name="portal_account"),
    path(P + "materials/<slug:slug>/", caregiver.portal_material, name="portal_material"),
    path(P + "visits/<uuid:visit_uuid>/change/", caregiver.portal_visit_change, name="portal_visit_change"),
    path(
        P + "questionnaires/start/",
        questionnaires.portal_questionnaire_start,
        name="portal_questionnaire_start",
    ),
    path(
        P + "questionnaires/<uuid:assignment_uuid>/",
        questionnaires.portal_questionnaire,
        name="portal_questionnaire",
    ),
    path(
        P + "questionnaires/<uuid:assignment_uuid>/sent/",
        questionnaires.portal_questionnaire_sent,
        name="portal_questionnaire_sent",
    ),
]
