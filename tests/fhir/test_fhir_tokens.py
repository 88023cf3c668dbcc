"""The FHIR server behind the REST API's tokens: a staff app's token reads what its person reads, an
integration's reads as its service user within its own organization, `fhir:read` / `fhir:write` gate
reading and importing, a token that stands for no one is refused even beside a signed-in session, and
every read a token makes is audited naming the client."""

from __future__ import annotations

import datetime
import json

import pytest

from nestling.api.models import ClientKind
from nestling.audit.models import AuditEvent, AuditOutcome
from tests.factories.api import bearer, registered_client
from tests.factories.families import CaregiverFactory, ChildFactory


@pytest.fixture
def children(world):
    return {
        family: ChildFactory(family=getattr(world, family), given_name=f"Child of {family}")
        for family in ("family_a", "family_c", "family_x")
    }


def _auth(header: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": header}


def _patient_ids(response) -> set[str]:
    body = json.loads(response.content)
    return {e["resource"]["id"] for e in body.get("entry", [])}


def test_a_staff_apps_token_reads_what_its_person_reads(client, world, app_client, children):
    # Given the practitioner's token (family A is theirs, C is a colleague's)
    auth = _auth(bearer(app_client, user=world.practitioner))
    # When they search for patients and read each child
    found = client.get("/fhir/Patient", **auth)
    own = client.get(f"/fhir/Patient/{children['family_a'].uuid}", **auth)
    colleagues = client.get(f"/fhir/Patient/{children['family_c'].uuid}", **auth)
    # Then they find their own family's child, and the colleague's answers 404 like a missing one
    assert found.status_code == 200
    assert str(children["family_a"].uuid) in _patient_ids(found)
    assert str(children["family_c"].uuid) not in _patient_ids(found)
    assert own.status_code == 200 and own["Content-Type"].startswith("application/fhir+json")
    assert colleagues.status_code == 404
    assert json.loads(colleagues.content)["resourceType"] == "OperationOutcome"


def test_an_integration_reads_its_organization_and_nothing_of_another(client, world, integration, children):
    # Given the own organization's integration (client credentials: no person of its own)
    auth = _auth(bearer(integration))
    # When it searches and reads
    found = _patient_ids(client.get("/fhir/Patient", **auth))
    everything = client.get(f"/fhir/Patient/{children['family_c'].uuid}/$everything", **auth)
    foreign = client.get(f"/fhir/Patient/{children['family_x'].uuid}", **auth)
    foreign_everything = client.get(f"/fhir/Patient/{children['family_x'].uuid}/$everything", **auth)
    # Then it reads every family of its organization, as its service user, and none of the other's
    assert {str(children["family_a"].uuid), str(children["family_c"].uuid)} <= found
    assert str(children["family_x"].uuid) not in found
    assert everything.status_code == 200
    assert foreign.status_code == 404 and foreign_everything.status_code == 404
    # And the refusals are audited against the service user, naming the client
    denied = AuditEvent.objects.filter(outcome=AuditOutcome.DENIED, actor_id=integration.service_user_id)
    assert denied.count() == 2
    assert all(row.detail.get("client") == integration.label for row in denied)


def test_the_other_organizations_integration_reads_nothing_of_this_one(client, world, children):
    other, _secret = registered_client(
        organization_id=world.family_x.organization_id, kind=ClientKind.INTEGRATION
    )
    auth = _auth(bearer(other))
    assert _patient_ids(client.get("/fhir/Patient", **auth)) >= {str(children["family_x"].uuid)}
    assert str(children["family_a"].uuid) not in _patient_ids(client.get("/fhir/Patient", **auth))
    assert client.get(f"/fhir/Patient/{children['family_a'].uuid}", **auth).status_code == 404
    search = client.get(f"/fhir/Observation?patient={children['family_a'].uuid}", **auth)
    assert search.status_code == 404


def test_a_read_with_a_token_is_audited_naming_the_client(client, world, app_client, children):
    auth = _auth(bearer(app_client, user=world.practitioner))
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert client.get(f"/fhir/Patient/{children['family_a'].uuid}", **auth).status_code == 200
    rows = list(AuditEvent.objects.filter(pk__gt=last))
    assert rows and all(r.actor_id == world.practitioner.pk for r in rows)
    assert all(r.detail.get("client") == app_client.label for r in rows)


def test_a_token_without_fhir_read_gets_403_naming_the_scope(client, world, app_client, children):
    auth = _auth(bearer(app_client, user=world.practitioner, scopes={"families:read"}))
    response = client.get(f"/fhir/Patient/{children['family_a'].uuid}", **auth)
    assert response.status_code == 403
    assert "fhir:read" in json.loads(response.content)["issue"][0]["diagnostics"]
    assert 'scope="fhir:read"' in response["WWW-Authenticate"]


def test_importing_needs_fhir_write(client, world, app_client):
    # Given a token that may read FHIR but not write it
    auth = _auth(bearer(app_client, user=world.practitioner, scopes={"fhir:read"}))
    # When it posts a Bundle to import
    response = client.post(
        f"/fhir/$import-family?program={world.program.uuid}&dry-run=true",
        json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}),
        content_type="application/fhir+json",
        **auth,
    )
    # Then it is refused, naming the scope
    assert response.status_code == 403
    assert "fhir:write" in json.loads(response.content)["issue"][0]["diagnostics"]


def test_importing_with_fhir_write_takes_the_token_as_its_caller(client, world, app_client):
    auth = _auth(bearer(app_client, user=world.practitioner, scopes={"fhir:write"}))
    response = client.post(
        f"/fhir/$import-family?program={world.program.uuid}&dry-run=true",
        json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}),
        content_type="application/fhir+json",
        **auth,
    )
    # An empty Bundle has nothing to import: its problems come back, as for any caller who may import
    assert response.status_code == 422
    assert json.loads(response.content)["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic dXNlcjpwYXNz"])
def test_a_token_that_stands_for_no_one_is_refused_even_beside_a_session(client, world, children, header):
    # Given a signed-in practitioner whose request also carries a bad token
    client.force_login(world.practitioner)
    # When they read their own family's child
    response = client.get(f"/fhir/Patient/{children['family_a'].uuid}", **_auth(header))
    # Then the token is judged alone: 401, with the bearer challenge
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_and_a_deactivated_persons_token_are_refused(client, world, app_client, children):
    expired = bearer(app_client, user=world.practitioner, expires_in=datetime.timedelta(seconds=-1))
    assert client.get("/fhir/Patient", **_auth(expired)).status_code == 401
    colleague = bearer(app_client, user=world.colleague)
    world.colleague.is_active = False
    world.colleague.save(update_fields=["is_active"])
    assert client.get("/fhir/Patient", **_auth(colleague)).status_code == 401


def test_the_staff_session_still_reads_without_a_token(client, world, children):
    CaregiverFactory(family=world.family_a)
    client.force_login(world.practitioner)
    response = client.get(f"/fhir/Patient/{children['family_a'].uuid}")
    assert response.status_code == 200
