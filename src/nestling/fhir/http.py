"""Who is calling the FHIR server, resolved in one place for every FHIR view: a bearer token of the REST
API (`nestling.api.auth`, the same resolution and the same scopes), or else the signed-in staff member's
session (the browser pages that link to FHIR resources).

A request that sends an Authorization header is judged by its token alone: a token that is not valid is
refused (401), never quietly replaced by a session the same browser may hold. A token must carry
`fhir:read` to read and search, `fhir:write` to import. An integration's token (client credentials) reads
as its service user, within its own organization only, like every other reader.
"""

from __future__ import annotations

from django.http import HttpRequest

from nestling.accounts.models import User
from nestling.api.auth import resolve_bearer
from nestling.api.scopes import read, write

READ_SCOPE = read("fhir")
WRITE_SCOPE = write("fhir")
_SAFE = ("GET", "HEAD", "OPTIONS")


class CallerRefused(Exception):
    """No caller the server can answer: `status` 401 (no one, or a token that stands for no one) or 403
    (a token without the scope); `challenge` is the WWW-Authenticate header to send."""

    def __init__(self, status: int, code: str, text: str, challenge: str) -> None:
        super().__init__(text)
        self.status = status
        self.code = code
        self.text = text
        self.challenge = challenge


def scope_for(method: str) -> str:
    """The scope a token needs for a request of this method."""
    return READ_SCOPE if method.upper() in _SAFE else WRITE_SCOPE


def fhir_caller(request: HttpRequest) -> User:
    """The person the request is made as (a token's person, an integration's service user, or the
    session's staff member); CallerRefused otherwise."""
    if request.headers.get("Authorization"):
        principal = resolve_bearer(request)
        if principal is None:
            raise CallerRefused(
                401,
                "login",
                "The access token is not valid: it is unknown, expired or revoked, or its person or client "
                "is no longer active.",
                'Bearer error="invalid_token"',
            )
        needed = scope_for(request.method or "GET")
        if not principal.has(needed):
            raise CallerRefused(
                403,
                "forbidden",
                f"This token does not carry the scope it needs: {needed}.",
                f'Bearer error="insufficient_scope", scope="{needed}"',
            )
        return principal.user
    user = request.user
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    raise CallerRefused(401, "login", "Sign in, or send a bearer token.", "Bearer")
