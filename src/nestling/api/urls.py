from typing import Any

from django.urls import URLPattern, path
from django.views.decorators.http import require_POST
from oauth2_provider import views as oauth_views

from nestling.accounts.http import require_GET_or_POST
from nestling.api import views
from nestling.api.v1 import api


def _each_route_once(urls: tuple[list[Any], str, str]) -> tuple[list[Any], str, str]:
    """django-ninja writes one URL pattern per operation, all with the same view (which dispatches on the
    method); only the first of a route is ever reached, so only it is kept."""
    patterns, app_name, namespace = urls
    seen: set[str] = set()
    kept = []
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLPattern) and route in seen:
            continue
        seen.add(route)
        kept.append(pattern)
    return kept, app_name, namespace


urlpatterns = [
    path("api/v1/", _each_route_once(api.urls)),
    # OAuth 2.0: an app sends its person here to approve it, then swaps the code (or its own credentials)
    # for a token, and may revoke a token.
    path(
        "oauth/authorize/",
        require_GET_or_POST(oauth_views.AuthorizationView.as_view()),
        name="oauth_authorize",
    ),
    path("oauth/token/", require_POST(oauth_views.TokenView.as_view()), name="oauth_token"),
    path("oauth/revoke/", require_POST(oauth_views.RevokeTokenView.as_view()), name="oauth_revoke"),
    path("settings/api-clients/", views.api_clients, name="api_clients"),
    path(
        "settings/api-clients/<uuid:client_uuid>/revoke/",
        views.api_client_revoke_view,
        name="api_client_revoke",
    ),
]
