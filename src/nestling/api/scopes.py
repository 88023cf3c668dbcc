"""The API's scopes: one per resource and direction (`families:read`, `screening:write`, …), and the
scopes backend that lets a client ask only for the scopes its registration lists.

A scope narrows what a token may do; it never widens it. Whatever the scopes, the token's person (or the
integration's service user) goes through the same access policy as the pages.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from oauth2_provider.scopes import BaseScopes

# The resources, each read and written under its own pair of scopes.
RESOURCES: dict[str, Any] = {
    "families": _("the household, its caregivers, children, relationships and enrollments"),
    "screening": _("screening results, and answers sent to be scored"),
    "growth": _("children's measurements"),
    "tasks": _("the task list"),
    "visits": _("visits"),
    "plans": _("care plans and goals"),
    "formulation": _("DC:0-5 formulations"),
    "referrals": _("referrals"),
    "fhir": _("the record as FHIR resources"),
}


def read(resource: str) -> str:
    return f"{resource}:read"


def write(resource: str) -> str:
    return f"{resource}:write"


SCOPES: dict[str, str] = {}
for _resource, _what in RESOURCES.items():
    SCOPES[read(_resource)] = str(_("Read %(what)s") % {"what": _what})
    SCOPES[write(_resource)] = str(_("Write %(what)s") % {"what": _what})
# Moving a program's families in from a spreadsheet: a write only (what it made is read as families).
IMPORT = write("import")
SCOPES[IMPORT] = str(_("Import families and children from a spreadsheet (CSV)"))
ALL_SCOPES = frozenset(SCOPES)


def unknown_scopes(names: list[str] | set[str] | frozenset[str]) -> list[str]:
    """The names of `names` that are no scope of the API, sorted."""
    return sorted(set(names) - ALL_SCOPES)


class ClientScopes(BaseScopes):
    """django-oauth-toolkit's scopes backend: a client may be given only the scopes it was registered
    with (a client that is not one of ours — there are none — gets none)."""

    def get_all_scopes(self) -> dict[str, str]:
        return SCOPES

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        client = getattr(application, "nestling_client", None) if application is not None else None
        if client is None or client.revoked_at is not None:
            return []
        return [scope for scope in client.scopes if scope in SCOPES]

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        # Asking for no scope gets every scope the client was registered with.
        return self.get_available_scopes(application, request)
