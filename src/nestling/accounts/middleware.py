"""Session lifetime, the MFA requirement and no caching of signed-in pages, enforced on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from nestling.accounts.second_factor import user_has_second_factor

LOGIN_AT = "nestling_login_at"
SEEN_AT = "nestling_seen_at"
MFA_OK = "nestling_mfa_ok"
# Set at sign-in for a caregiver (the portal's account id): caregivers may add a second factor, staff must.
PORTAL_SESSION = "nestling_portal_account"
# Refresh "last seen" at most this often, so that an ordinary page view does not write the session.
_SEEN_RESOLUTION_SECONDS = 60


class PermissionsPolicyMiddleware:
    """Every response says which powerful browser features its page may use (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoStoreMiddleware:
    """Every response to a signed-in user says `Cache-Control: no-store`, so that on a shared tablet the
    back button cannot bring a signed-out user's pages back from the browser's cache.

    Signed in when the request arrived or when the response leaves: the sign-out response and a session
    ended for idleness are covered, and so is the step that signs someone in. Static files keep their own
    caching (whitenoise serves them before this in production).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if (signed_in or request.user.is_authenticated) and not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
            response["Pragma"] = "no-cache"
        return response


class SessionLifetimeMiddleware:
    """Ends a session after the idle timeout and, whatever the activity, after the absolute lifetime."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.setdefault(LOGIN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            idle = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            lifetime = settings.SESSION_ABSOLUTE_LIFETIME_HOURS * 3600
            if now - seen_at > idle or now - login_at > lifetime:
                logout(request)
                messages.info(request, _("Your session ended. Please sign in again."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if now - seen_at >= _SEEN_RESOLUTION_SECONDS or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)


def _mfa_exempt(path: str) -> bool:
    exempt = (
        reverse("account_logout"),
        reverse("mfa_index"),
        reverse("mfa_activate_totp"),
        reverse("mfa_view_recovery_codes"),
        reverse("mfa_generate_recovery_codes"),
        reverse("account_reauthenticate"),
        settings.STATIC_URL,
        "/healthz",
    )
    return path.startswith(exempt) or path.startswith("/accounts/2fa/")


class RequireMfaMiddleware:
    """Staff must have a second factor (an authenticator app, or a passkey that verifies the person) before
    they see anything else. A caregiver is offered one in the portal but not made to (the portal's own
    middleware keeps them to the portal's pages)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        session = request.session
        if (
            user.is_authenticated
            and not session.get(MFA_OK)
            and not session.get(PORTAL_SESSION)
            and not _mfa_exempt(request.path)
        ):
            if user_has_second_factor(user=user):
                request.session[MFA_OK] = True
            else:
                messages.warning(
                    request,
                    _(
                        "Nestling keeps sensitive records, so every account needs a second step at sign-in. "
                        "Set up an authenticator app to continue, or add a passkey under Two-factor "
                        "authentication."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
