"""Who django-axes counts a failed sign-in against: the account typed, with the address it came from.

allauth signs in by email: it posts the field `login` and authenticates with `email=…`, so axes must
read the account from either (AXES_USERNAME_CALLABLE). Without it every attempt is recorded with no
account and five wrong passwords lock every colleague behind the same clinic address.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The email the attempt was for, trimmed and lower-cased so `Rosa@…` and `rosa@…` count once."""
    typed = (credentials or {}).get("email")
    if typed is None and request is not None:
        data = getattr(request, "POST", None) or {}
        typed = data.get("login") or data.get("email")
    return str(typed).strip().lower() if typed else None
