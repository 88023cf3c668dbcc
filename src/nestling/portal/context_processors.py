"""A caregiver's navigation: the portal's few pages, in place of the staff menu."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from nestling.accounts.middleware import PORTAL_SESSION


def portal_navigation(request: HttpRequest) -> dict[str, Any]:
    # Each language named in itself, so that someone who cannot read the page's language finds their own.
    languages = [
        {"code": code, "name": translation.get_language_info(code)["name_local"]}
        for code, _name in settings.LANGUAGES
    ]
    context: dict[str, Any] = {"language_choices": languages, "language_now": translation.get_language()}
    session = getattr(request, "session", None)
    if session is None or not session.get(PORTAL_SESSION) or not request.user.is_authenticated:
        return context
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    entries = [
        (_("Home"), "portal_home"),
        (_("Help now"), "portal_help"),
        (_("My account"), "portal_account"),
    ]
    context["nav_items"] = [
        {"label": label, "url": reverse(name), "current": current == name} for label, name in entries
    ]
    context["portal_user"] = True
    context["urgent_alerts"] = []
    return context
