"""Who a token acts as: a staff member (authorization code) sees what they see on the pages, an
integration (client credentials) reads as a manager of its organization; scopes narrow both; a token ends
with its lifetime, its revocation, its client's revocation or its person's deactivation; every read it
makes is audited naming the client."""

from __future__ import annotations

import datetime
import json

from django.http import HttpRequest, JsonResponse
from django.test import RequestFactory

from nestling.accounts.services import user_deactivate
from nestling.api.auth import require_scopes, resolve_bearer
from nestling.api.models import ClientKind
from nestling.api.services import api_client_revoke
from nestling.audit.models import AuditEvent, AuditOutcome
from tests.factories.api import bearer, registered_client


def _auth(header):
    return {"HTTP_AUTHORIZATION": header}


def test_no_token_or_a_wrong_one_gets_401_with_the_bearer_challenge(client, world):
    for headers in ({}, _auth("Bearer not-a-token"), _auth("Basic dXNlcjpwYXNz")):
        response = client.get("/api/v1/families", **headers)
        assert response.status_code == 401, headers
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert "detail" in response.json()


def test_an_expired_token_gets_401(client, world, app_client):
    header = bearer(app_client, user=world.practitioner, expires_in=datetime.timedelta(seconds=-1))
    assert client.get("/api/v1/families", **_auth(header)).status_code == 401


def test_a_token_without_the_scope_gets_403_naming_it(client, world, app_client):
    header = bearer(app_client, user=world.practitioner, scopes={"screening:read"})
    response = client.get("/api/v1/families", **_auth(header))
    assert response.status_code == 403
    assert "families:read" in response.json()["detail"]
    assert 'scope="families:read"' in response["WWW-Authenticate"]


def test_an_integration_reads_its_organizations_families_and_nothing_of_another(client, world, integration):
    auth = _auth(bearer(integration))
    listed = client.get("/api/v1/families", **auth)
    assert listed.status_code == 200
    assert [f["name"] for f in listed.json()["items"]] == ["Household A", "Household B", "Household C"]
    assert client.get(f"/api/v1/families/{world.family_c.uuid}", **auth).status_code == 200
    assert client.get(f"/api/v1/families/{world.family_x.uuid}", **auth).status_code == 404


def test_an_integration_of_one_program_reads_that_programs_families_only(client, world):
    from tests.factories.families import FamilyFactory
    from tests.factories.organizations import ProgramFactory

    other = ProgramFactory(organization=world.org)
    FamilyFactory(program=other, name="Household P")
    scoped, _secret = registered_client(
        organization_id=world.org.pk, kind=ClientKind.INTEGRATION, admin=world.admin, program=other
    )
    listed = client.get("/api/v1/families", **_auth(bearer(scoped)))
    assert [f["name"] for f in listed.json()["items"]] == ["Household P"]


def test_an_integration_writes_nothing_that_needs_a_caseload(client, world, integration):
    url = f"/api/v1/families/{world.family_a.uuid}/caregivers"
    body = json.dumps({"given_name": "Rowan", "family_name": "Synthetic"})
    response = client.post(url, body, content_type="application/json", **_auth(bearer(integration)))
    assert response.status_code == 404


def test_another_organizations_staff_app_token_reads_nothing_of_ours(client, world):
    theirs, _secret = registered_client(organization_id=world.family_x.organization_id)
    auth = _auth(bearer(theirs, user=world.outsider))
    assert [f["name"] for f in client.get("/api/v1/families", **auth).json()["items"]] == ["Household X"]
    assert client.get(f"/api/v1/families/{world.family_a.uuid}", **auth).status_code == 404


def test_a_token_for_a_person_of_another_organization_is_no_token(client, world, app_client):
    # A client of our organization cannot carry an outsider's token (it would act across organizations).
    header = bearer(app_client, user=world.outsider)
    assert client.get("/api/v1/families", **_auth(header)).status_code == 401


def test_deactivating_a_person_ends_their_tokens(client, world, app_client):
    header = bearer(app_client, user=world.practitioner)
    assert client.get("/api/v1/families", **_auth(header)).status_code == 200
    user_deactivate(user=world.practitioner, by=world.admin)
    assert client.get("/api/v1/families", **_auth(header)).status_code == 401


def test_revoking_a_client_ends_its_tokens_and_its_service_user(client, world, integration):
    header = bearer(integration)
    assert client.get("/api/v1/families", **_auth(header)).status_code == 200
    api_client_revoke(client=integration, by=world.admin)
    assert client.get("/api/v1/families", **_auth(header)).status_code == 401
    integration.service_user.refresh_from_db()
    assert not integration.service_user.is_active


def test_each_read_and_each_refusal_is_audited_naming_the_client(client, world, app_client):
    auth = _auth(bearer(app_client, user=world.practitioner))
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client.get(f"/api/v1/families/{world.family_a.uuid}", **auth)
    client.get(f"/api/v1/families/{world.family_x.uuid}", **auth)
    rows = list(AuditEvent.objects.filter(pk__gt=last).order_by("pk"))
    assert [(r.outcome, r.family_uuid or r.subject_id) for r in rows] == [
        (AuditOutcome.ALLOWED, world.family_a.uuid),
        (AuditOutcome.DENIED, str(world.family_x.uuid)),
    ]
    assert all(r.detail["client"] == app_client.label and r.actor_id == world.practitioner.pk for r in rows)


def test_listing_families_audits_a_read_of_each_in_a_fixed_number_of_queries(
    client, world, integration, django_assert_max_num_queries
):
    from tests.factories.families import FamilyFactory

    auth = _auth(bearer(integration))
    client.get("/api/v1/families", **auth)  # warm: the first request reads lanes once
    with django_assert_max_num_queries(14) as few:
        client.get("/api/v1/families", **auth)
    for n in range(6):
        FamilyFactory(program=world.program, name=f"Household extra {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/v1/families", **auth)
    assert response.json()["count"] == 9


@require_scopes("families:read")
def _plain_view(request: HttpRequest) -> JsonResponse:
    principal = resolve_bearer(request)
    assert principal is not None
    return JsonResponse({"user": principal.user.email, "client": principal.client.name})


def test_require_scopes_guards_a_plain_django_view(world, app_client):
    factory = RequestFactory()
    assert _plain_view(factory.get("/x")).status_code == 401
    narrow = bearer(app_client, user=world.practitioner, scopes={"tasks:read"})
    assert _plain_view(factory.get("/x", HTTP_AUTHORIZATION=narrow)).status_code == 403
    request = factory.get("/x", HTTP_AUTHORIZATION=bearer(app_client, user=world.practitioner))
    response = _plain_view(request)
    assert response.status_code == 200
    assert json.loads(response.content) == {"user": world.practitioner.email, "client": app_client.name}
    assert request.user == world.practitioner
