"""Who a request to the API is: the bearer token resolved to a person, the client they act through, and the
token's scopes — one piece for the REST API and for any other machine-facing view (FHIR).

- `resolve_bearer(request)` gives a `Principal` or None (no token, an unknown, expired or revoked one, a
  client that was revoked, a person deactivated).
- `require_scopes(*scopes)` guards a plain Django view: 401 without a valid token, 403 without a scope.
- `BearerAuth` is the same for django-ninja.

A token made by the authorization code acts as the person who approved it; a client-credentials token acts
as the integration's service user. Either way the principal is a user of the client's organization, and
every service and selector it reaches applies the same access policy as the pages. The principal is put
on `request.user`, marked with the client (`audit.services.acting_through`), so every audit row written
for the request names the client.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from oauth2_provider.models import AccessToken

from nestling.accounts.models import User
from nestling.api.models import ApiClient
from nestling.audit.services import acting_through

_PRINCIPAL = "nestling_api_principal"


@dataclass(frozen=True)
class Principal:
    """Whom a valid bearer token acts as, through which client, with which scopes."""

    user: User
    client: ApiClient
    scopes: frozenset[str]
    token: AccessToken

    def has(self, *scopes: str) -> bool:
        return set(scopes) <= self.scopes


def _token_of(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    kind, _space, token = header.partition(" ")
    return token.strip() if kind.lower() == "bearer" else ""


def principal_of(token_text: str) -> Principal | None:
    """The principal of a token's text, or None when it does not (or no longer) stands for anyone."""
    if not token_text:
        return None
    checksum = hashlib.sha256(token_text.encode("utf-8")).hexdigest()
    token = (
        AccessToken.objects.select_related(
            "user",
            "application",
            "application__nestling_client",
            "application__nestling_client__service_user",
        )
        .filter(token_checksum=checksum)
        .first()
    )
    if token is None or not token.is_valid() or token.application is None:
        return None
    client: ApiClient | None = getattr(token.application, "nestling_client", None)
    if client is None or client.revoked_at is not None:
        return None
    # An authorization-code token acts as its person; a client-credentials token has none of its own.
    user = cast(User | None, token.user) if token.user_id is not None else client.service_user
    if user is None or not user.is_active or user.organization_id != client.organization_id:
        return None
    return Principal(user=user, client=client, scopes=frozenset(token.scope.split()), token=token)


def resolve_bearer(request: HttpRequest) -> Principal | None:
    """The request's principal (read once per request); on success the request's user becomes the
    principal's, marked as acting through the client."""
    cached = getattr(request, _PRINCIPAL, False)
    if cached is not False:
        return cast(Principal | None, cached)
    principal = principal_of(_token_of(request))
    setattr(request, _PRINCIPAL, principal)
    if principal is not None:
        acting_through(principal.user, principal.client.label)
        request.user = principal.user
    return principal


def _problem(status: int, detail: str, *, error: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    response["WWW-Authenticate"] = f'Bearer error="{error}"'
    return response


def unauthenticated() -> JsonResponse:
    return _problem(
        401, _("Send a valid access token: Authorization: Bearer <token>."), error="invalid_token"
    )


def missing_scopes(needed: Iterable[str]) -> JsonResponse:
    names = " ".join(sorted(needed))
    return _problem(
        403,
        _("This token does not carry the scope(s) it needs: %(scopes)s.") % {"scopes": names},
        error="insufficient_scope",
    )


V = TypeVar("V", bound=Callable[..., HttpResponse])


def require_scopes(*scopes: str) -> Callable[[V], V]:
    """Guard a plain Django view: a valid bearer token carrying every one of `scopes`, or a JSON 401/403.
    The view then finds the principal with `resolve_bearer(request)` and the person on `request.user`."""

    def decorate(view: V) -> V:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            principal = resolve_bearer(request)
            if principal is None:
                return unauthenticated()
            if not principal.has(*scopes):
                return missing_scopes(set(scopes) - principal.scopes)
            return view(request, *args, **kwargs)

        return cast(V, guarded)

    return decorate


class BearerAuth(HttpBearer):
    """django-ninja's authentication: any valid token. Each operation then asks for its scope
    (`nestling.api.routers.common.needs`)."""

    openapi_description = "OAuth 2.0 access token (authorization code with PKCE, or client credentials)."

    def authenticate(self, request: HttpRequest, token: str) -> Principal | None:
        return resolve_bearer(request)
