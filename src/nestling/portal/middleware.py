"""The portal's boundary, on every request of a signed-in caregiver: their access must still be in force,
else they are signed out at once. What they may reach is the access policy's to say, page by page: a
caregiver holds no staff role, so every staff page refuses them (404, audited against what was asked for),
and the portal's pages refuse everyone but caregivers — the access matrix proves both.
Also: each signed-in person reads Nestling in the language they chose."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from nestling.accounts.middleware import PORTAL_SESSION
from nestling.audit.models import AuditAction, AuditOutcome
from nestling.audit.services import audit_record
from nestling.portal.principal import portal_access_problem, portal_account_of

LANGUAGE_SESSION = "nestling_language"


class LanguageMiddleware:
    """The language a person chose (kept in their session from sign-in on) wins over the browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.session.get(LANGUAGE_SESSION) if hasattr(request, "session") else None
        if chosen and translation.check_for_language(chosen):
            translation.activate(chosen)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class PortalBoundaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or not request.session.get(PORTAL_SESSION):
            return self.get_response(request)
        account = portal_account_of(user)
        problem = "ended" if account is None else portal_access_problem(account)
        if problem is not None:
            audit_record(
                actor=user,
                action=AuditAction.READ,
                outcome=AuditOutcome.DENIED,
                category="portal",
                subject_type="portal",
                subject_id=str(account.uuid) if account else "",
                family_uuid=account.family.uuid if account else None,
                detail={"path": request.path, "access_ended": problem},
            )
            logout(request)
            messages.info(
                request, _("Your access to the family portal has ended. Your practitioner can tell you more.")
            )
            return redirect("account_login")
        if request.path == "/" and request.method in ("GET", "HEAD"):
            return redirect("portal_home")
        return self.get_response(request)
