"""The OAuth 2.0 endpoints as a client uses them: the authorization code with PKCE for an app acting for a
staff member, client credentials for an integration, revocation; and the token then reads the API."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlparse

from django.test import Client
from oauth2_provider.models import AccessToken, RefreshToken

from nestling.accounts.middleware import MFA_OK
from nestling.api.models import ClientKind
from tests.factories.api import registered_client

CALLBACK = "https://app.example.test/callback"


def _signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    session = browser.session
    session[MFA_OK] = True
    session.save()
    return browser


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def test_an_app_gets_a_practitioners_token_by_code_with_pkce_and_reads_only_their_families(client, world):
    # Given an app registered by the organization's admin, and a practitioner signed in
    app, secret = registered_client(organization_id=world.org.pk, admin=world.admin)
    browser = _signed_in(world.practitioner)
    verifier, challenge = _pkce()
    asked = {
        "response_type": "code",
        "client_id": app.application.client_id,
        "redirect_uri": CALLBACK,
        "scope": "families:read",
        "state": "s1",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    # When the practitioner is asked, and allows it
    page = browser.get("/oauth/authorize/", asked)
    assert page.status_code == 200
    assert "Synthetic app" in page.content.decode()
    allowed = browser.post("/oauth/authorize/", {**asked, "allow": "Authorize"})
    assert allowed.status_code == 302, allowed.content
    back = parse_qs(urlparse(allowed["Location"]).query)
    code = back["code"][0]
    assert back["iss"] == ["http://testserver"]  # RFC 9207: the app can tell who answered
    # And the app swaps the code, with its verifier, for a token
    token = client.post(
        "/oauth/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "client_id": app.application.client_id,
            "client_secret": secret,
            "code_verifier": verifier,
        },
    )
    assert token.status_code == 200, token.content
    issued = token.json()
    assert issued["scope"] == "families:read"
    # Then the token reads the practitioner's families, and nothing the scope does not name
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issued['access_token']}"}
    names = [f["name"] for f in client.get("/api/v1/families", **auth).json()["items"]]
    assert names == ["Household A", "Household B"]
    assert client.get(f"/api/v1/families/{world.family_a.uuid}/tasks", **auth).status_code == 403
    # And the token is held at rest only as its checksum, and is not taken from the address
    assert AccessToken.objects.get().token == "" and RefreshToken.objects.get().token == ""
    assert client.get(f"/api/v1/families?access_token={issued['access_token']}").status_code == 401
    # And a refresh token used twice ends everything it stood for
    refresh = {
        "grant_type": "refresh_token",
        "refresh_token": issued["refresh_token"],
        "client_id": app.application.client_id,
        "client_secret": secret,
    }
    renewed = client.post("/oauth/token/", refresh)
    assert renewed.status_code == 200, renewed.content
    assert client.post("/oauth/token/", refresh).status_code == 400
    fresh = {"HTTP_AUTHORIZATION": f"Bearer {renewed.json()['access_token']}"}
    assert client.get("/api/v1/families", **fresh).status_code == 401


def test_an_authorization_without_pkce_is_refused(world):
    app, _secret = registered_client(organization_id=world.org.pk, admin=world.admin)
    browser = _signed_in(world.practitioner)
    asked = {
        "response_type": "code",
        "client_id": app.application.client_id,
        "redirect_uri": CALLBACK,
        "scope": "families:read",
    }
    response = browser.get("/oauth/authorize/", asked)
    # Refused back to the app (no code), never a code without a challenge
    location = response.get("Location", "")
    assert "code=" not in location
    assert response.status_code in (302, 400) or "cannot be approved" in response.content.decode()


def test_a_plain_pkce_challenge_is_refused(world):
    app, _secret = registered_client(organization_id=world.org.pk, admin=world.admin)
    browser = _signed_in(world.practitioner)
    verifier, _challenge = _pkce()
    asked = {
        "response_type": "code",
        "client_id": app.application.client_id,
        "redirect_uri": CALLBACK,
        "scope": "families:read",
        "code_challenge": verifier,
        "code_challenge_method": "plain",
    }
    response = browser.post("/oauth/authorize/", {**asked, "allow": "Authorize"})
    assert "code=" not in response.get("Location", "")


def test_an_integration_gets_a_token_by_client_credentials_within_its_registered_scopes(client, world):
    integration, secret = registered_client(
        organization_id=world.org.pk,
        kind=ClientKind.INTEGRATION,
        admin=world.admin,
        scopes={"families:read", "screening:read"},
    )
    basic = base64.b64encode(f"{integration.application.client_id}:{secret}".encode()).decode()
    headers = {"HTTP_AUTHORIZATION": f"Basic {basic}"}
    # Asking for nothing in particular gets every scope it was registered with
    issued = client.post("/oauth/token/", {"grant_type": "client_credentials"}, **headers)
    assert issued.status_code == 200, issued.content
    assert set(issued.json()["scope"].split()) == {"families:read", "screening:read"}
    # Asking for one it was not registered with is refused
    wider = client.post(
        "/oauth/token/", {"grant_type": "client_credentials", "scope": "families:write"}, **headers
    )
    assert wider.status_code == 400 and wider.json()["error"] == "invalid_scope"
    # The token reads the organization's families; revoked, it reads nothing
    access = issued.json()["access_token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {access}"}
    assert client.get("/api/v1/families", **auth).json()["count"] == 3
    revoked = client.post("/oauth/revoke/", {"token": access}, **headers)
    assert revoked.status_code == 200
    assert client.get("/api/v1/families", **auth).status_code == 401


def test_the_token_lifetime_is_the_setting(client, world, settings):
    integration, secret = registered_client(
        organization_id=world.org.pk, kind=ClientKind.INTEGRATION, admin=world.admin
    )
    issued = client.post(
        "/oauth/token/",
        {
            "grant_type": "client_credentials",
            "client_id": integration.application.client_id,
            "client_secret": secret,
        },
    )
    assert issued.json()["expires_in"] == settings.API_TOKEN_SECONDS
