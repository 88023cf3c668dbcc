"""The API's pages for people: the interactive docs (Nestling's own copy of Swagger UI, nothing from a CDN,
no inline script), and the organization admin's page that registers a client and shows its secret once."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders

from nestling.accounts.middleware import MFA_OK
from nestling.api.models import ApiClient


def _admin(client, user):
    client.force_login(user)
    session = client.session
    session[MFA_OK] = True
    session.save()


def test_the_docs_load_swagger_ui_from_our_own_static_files_and_run_no_inline_script(client, db):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(src.startswith("/") for src in sources), sources
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html), "an inline script"
    assert "style=" not in html and "<style" not in html
    for asset in (
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "vendor/swagger-ui/swagger-ui.css",
        "nestling/api_docs.js",
    ):
        assert finders.find(asset), asset
    assert 'data-openapi-url="/api/v1/openapi.json"' in html


def test_the_openapi_document_declares_bearer_auth_on_every_operation(client, db):
    document = client.get("/api/v1/openapi.json").json()
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert operations and all(op.get("security") for op in operations)


def test_an_admin_registers_an_integration_and_sees_its_secret_once(client, world):
    _admin(client, world.admin)
    form = {"name": "State evaluator", "kind": "integration", "scopes": ["families:read", "screening:read"]}
    registered = client.post("/settings/api-clients/", form)
    assert registered.status_code == 200
    made = ApiClient.objects.get(name="State evaluator")
    html = registered.content.decode()
    secret = re.search(r'data-testid="client-secret">([^<]+)<', html).group(1)
    assert made.application.client_id in html and len(secret) > 30
    # Only a hash is kept, and the page never shows the secret again
    assert made.application.client_secret != secret
    assert secret not in client.get("/settings/api-clients/").content.decode()
    assert made.service_user.organization_id == world.org.pk and not made.service_user.has_usable_password()


def test_a_registration_without_scopes_is_refused_naming_the_field(client, world):
    _admin(client, world.admin)
    refused = client.post("/settings/api-clients/", {"name": "Nothing", "kind": "staff_app"})
    assert refused.status_code == 200
    assert refused.context["form"].errors.keys() >= {"scopes"}
    assert not ApiClient.objects.exists()


def test_a_staff_app_needs_its_redirect_address(client, world):
    _admin(client, world.admin)
    refused = client.post(
        "/settings/api-clients/", {"name": "App", "kind": "staff_app", "scopes": ["families:read"]}
    )
    assert "redirect_uris" in refused.context["form"].errors
    assert not ApiClient.objects.exists()
