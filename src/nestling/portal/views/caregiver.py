"""The caregiver's pages: home (where the pathway is, what comes next), a material, asking for another
visit time, help now, the account (language, second factor), and the invitation link."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nestling.access.denials import AccessDenied
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.families.views.editing import add_errors
from nestling.pathways.materials import material_get
from nestling.portal.forms import LanguageForm, VisitChangeForm, WelcomeForm
from nestling.portal.middleware import LANGUAGE_SESSION
from nestling.portal.principal import require_caregiver, require_own
from nestling.portal.selectors import contact_lines, portal_home, portal_read_audit, portal_settings_of
from nestling.portal.services.accounts import (
    language_choose,
    language_of,
    portal_invitation_user,
    portal_password_set,
)
from nestling.portal.services.requests import visit_change_ask
from nestling.records.errors import RecordInvalid
from nestling.visits.models import Visit

PORTAL_CSS = "nestling/portal.css"


@require_safe
@login_required
def portal_home_view(request: AuthedRequest) -> HttpResponse:
    principal = require_caregiver(request.user)
    home = portal_home(principal, language=translation.get_language() or "en")
    return render(request, "portal/home.html", {"principal": principal, "home": home})


@require_safe
@login_required
def portal_material(request: AuthedRequest, slug: str) -> HttpResponse:
    principal = require_caregiver(request.user)
    language = translation.get_language() or "en"
    material = material_get(slug, language)
    if material is None:
        raise AccessDenied(
            actor=request.user,
            action="portal.material",
            category="portal",
            subject_type="material",
            subject_id=slug,
        )
    portal_read_audit(principal, "material", subject_type="material", subject_id=slug)
    # a material not yet written in the reader's language is shown in English, and the page says so
    in_english_instead = material.language != language.split("-")[0].lower()
    return render(
        request,
        "portal/material.html",
        {"principal": principal, "material": material, "in_english_instead": in_english_instead},
    )


@require_safe
@login_required
def portal_help(request: AuthedRequest) -> HttpResponse:
    principal = require_caregiver(request.user)
    settings = portal_settings_of(principal.family.organization_id)
    portal_read_audit(principal, "help")
    return render(
        request,
        "portal/help.html",
        {"principal": principal, "settings": settings, "contacts": contact_lines(settings.crisis_contacts)},
    )


@require_GET_or_POST
@login_required
def portal_visit_change(request: AuthedRequest, visit_uuid: str) -> HttpResponse:
    principal = require_caregiver(request.user)
    visit = Visit.objects.select_related("practitioner").filter(uuid=visit_uuid).first()
    if visit is None:
        raise AccessDenied(
            actor=request.user,
            action="portal.visit_change",
            category="portal",
            subject_type="visit",
            subject_id=visit_uuid,
        )
    require_own(principal, visit, action="portal.visit_change")
    form = VisitChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit_change_ask(principal=principal, visit=visit, message=form.cleaned_data["message"])
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(
                request, _("Thank you. Your practitioner will get back to you about another time.")
            )
            return redirect("portal_home")
    if request.method != "POST":
        portal_read_audit(principal, "visit", subject_type="visit", subject_id=str(visit.uuid))
    return render(request, "portal/visit_change.html", {"principal": principal, "visit": visit, "form": form})


@require_safe
@login_required
def portal_account(request: AuthedRequest) -> HttpResponse:
    principal = require_caregiver(request.user)
    form = LanguageForm(initial={"language": translation.get_language(), "next": reverse("portal_account")})
    portal_read_audit(principal, "account")
    return render(request, "portal/account.html", {"principal": principal, "form": form})


@require_GET_or_POST
def portal_welcome(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The invitation link: choose a password, then sign in. A spent or expired link says so."""
    user = portal_invitation_user(uidb64, token)
    if user is None:
        return render(request, "portal/welcome_expired.html", status=410)
    # The welcome and the sign-in after it speak the language chosen at the invitation, not the browser's.
    language = language_of(user)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    form = WelcomeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        portal_password_set(user=user, password=form.cleaned_data["password1"])
        messages.success(
            request, _("Your password is set. Sign in with your email address and the new password.")
        )
        response: HttpResponse = redirect(f"{reverse('account_login')}?next={reverse('portal_home')}")
    else:
        response = render(request, "portal/welcome.html", {"form": form, "invited": user})
    if language:
        response.set_cookie(django_settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", httponly=True)
    return response


@require_POST
@login_required
def language_switch(request: AuthedRequest) -> HttpResponse:
    """Choose the language of every page; remembered for the signed-in person from then on."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    if not form.is_valid():
        return redirect(target)
    language = form.cleaned_data["language"]
    language_choose(user=request.user, language=language)
    request.session[LANGUAGE_SESSION] = language
    response = redirect(target)
    response.set_cookie(django_settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", httponly=True)
    return response
