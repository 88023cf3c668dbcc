from django.urls import include, path

from nestling.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", account_views.healthz, name="healthz"),
    path("session/keepalive", account_views.session_keepalive, name="session_keepalive"),
    # Ahead of allauth's own route of the same name, which would remove the last second factor.
    path(
        "accounts/2fa/webauthn/keys/<int:pk>/remove/",
        account_views.remove_passkey,
        name="mfa_remove_webauthn",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("nestling.families.urls")),
    path("", include("nestling.growth.urls")),
    path("", include("nestling.formulation.urls")),
    path("", include("nestling.screening.urls")),
    path("", include("nestling.plans.urls")),
    path("", include("nestling.visits.urls")),
    path("", include("nestling.referrals.urls")),
    path("", include("nestling.workforce.urls")),
    path("", include("nestling.staffing.urls")),
    path("", include("nestling.worklist.urls")),
    path("", include("nestling.reports.urls")),
    path("", include("nestling.pathways.urls")),
    path("", include("nestling.portal.urls")),
    path("", include("nestling.fhir.urls")),
    path("", include("nestling.organizations.urls")),
    path("", include("nestling.access.urls")),
    path("", include("nestling.audit.urls")),
    path("", include("nestling.api.urls")),
]
