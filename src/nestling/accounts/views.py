from __future__ import annotations

import time

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.webauthn.views import RemoveWebAuthnView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from nestling.access.policy import roles_of
from nestling.accounts.http import AuthedRequest, require_safe
from nestling.accounts.middleware import SEEN_AT
from nestling.accounts.models import Role

# Where each role lands after signing in, in order of precedence for people with several roles.
_LANDING = [
    (Role.PRACTITIONER, "caseload"),
    (Role.SUPERVISOR, "team"),
    (Role.MANAGER, "program_overview"),
    (Role.PRIVACY_OFFICER, "audit_list"),
    (Role.ORG_ADMIN, "staff_list"),
]


@require_safe
@login_required
def home(request: AuthedRequest) -> HttpResponse:
    roles = roles_of(request.user)
    for role, url_name in _LANDING:
        if role in roles:
            return redirect(url_name)
    return render(request, "accounts/no_role.html")


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@never_cache
@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """The page a person is working in says they are still there (typing into a long form during a home
    visit sends no request), so the idle timeout counts from now. 204; 401 once the session has ended
    (the session middleware has already turned away a session that ran out)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    request.session[SEEN_AT] = time.time()
    return HttpResponse(status=204)


class RemovePasskeyView(RemoveWebAuthnView):
    """allauth's removal of a passkey, which does not ask the adapter: the last second factor stays."""

    def form_valid(self, form: Form) -> HttpResponse:
        adapter = get_mfa_adapter()
        if not adapter.can_delete_authenticator(self.get_object()):
            messages.error(self.request, adapter.error_messages["cannot_delete_authenticator"])
            return redirect("mfa_list_webauthn")
        return super().form_valid(form)


remove_passkey = RemovePasskeyView.as_view()
