"""API clients and their tokens, for tests: a client registered through the service, and a token made
directly (what the token endpoint would hand out)."""

from __future__ import annotations

import datetime
import secrets

from django.utils import timezone
from oauth2_provider.models import AccessToken

from nestling.accounts.models import Role, User
from nestling.api.models import ApiClient, ClientKind
from nestling.api.scopes import ALL_SCOPES
from nestling.api.services import api_client_register
from nestling.organizations.models import Program
from tests.factories.accounts import UserFactory


def registered_client(
    *,
    organization_id: int,
    kind: str = ClientKind.STAFF_APP,
    scopes: frozenset[str] | set[str] = ALL_SCOPES,
    program: Program | None = None,
    admin: User | None = None,
    name: str = "",
) -> tuple[ApiClient, str]:
    """A client of the organization, registered by its admin (one is made when not given)."""
    if admin is None:
        admin = UserFactory(organization_id=organization_id, roles=[Role.ORG_ADMIN])
    return api_client_register(
        by=admin,
        name=name or ("Synthetic integration" if kind == ClientKind.INTEGRATION else "Synthetic app"),
        kind=kind,
        scopes=sorted(scopes),
        redirect_uris="https://app.example.test/callback" if kind == ClientKind.STAFF_APP else "",
        program=program,
    )


def bearer(
    client: ApiClient,
    *,
    user: User | None = None,
    scopes: frozenset[str] | set[str] | None = None,
    expires_in: datetime.timedelta = datetime.timedelta(hours=1),
) -> str:
    """A token of `client`: for `user` (an authorization-code token), or of the client itself (client
    credentials, `user` None). Returns the Authorization header's value."""
    text = secrets.token_urlsafe(24)
    AccessToken.objects.create(
        user=user,
        application=client.application,
        token=text,
        expires=timezone.now() + expires_in,
        scope=" ".join(sorted(scopes if scopes is not None else client.scopes)),
    )
    return f"Bearer {text}"
