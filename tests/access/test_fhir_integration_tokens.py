"""The access matrix's FHIR rows again, with a client-credentials token of each organization's system
integration: it reads as its service user (a manager of its own organization), imports nothing, and reads
nothing of another organization — each refusal a 404 audited once, against the service user and naming
the client."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.db import transaction

from nestling.audit.models import AuditEvent, AuditOutcome
from tests.access.matrix import cases_fhir
from tests.access.matrix.routes import path_for
from tests.access.matrix.state import changed_tables, record_state
from tests.access.matrix.world import MatrixWorld, make_matrix_world


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker) -> Iterator[MatrixWorld]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_matrix_world()
        transaction.set_rollback(True)


def _cases() -> Iterator[object]:
    for pattern in cases_fhir.PATTERNS:
        for target in pattern.targets:
            if not target.label.endswith(cases_fhir.BY_TOKEN):
                continue
            for method in pattern.methods:
                for integration in ("own", "foreign"):
                    yield pytest.param(
                        pattern,
                        target,
                        method,
                        integration,
                        id=f"{pattern.route} [{target.label}] {method} {integration}",
                    )


def test_every_fhir_route_has_rows_by_token():
    routes = {
        p.route for p in cases_fhir.PATTERNS if p.route.startswith("fhir/") and "metadata" not in p.route
    }
    with_tokens = {
        p.route for p in cases_fhir.PATTERNS if any(t.label.endswith(cases_fhir.BY_TOKEN) for t in p.targets)
    }
    assert routes == with_tokens


@pytest.mark.parametrize(("pattern", "target", "method", "integration"), list(_cases()))
def test_an_integration_token_reads_fhir_of_its_own_organization_only(
    pattern, target, method, integration, matrix_world, db, client
):
    # Given the integration's token, and the object of the row
    api = matrix_world.api
    client_row, token = (
        (api.integration, api.integration_token)
        if integration == "own"
        else (api.foreign_integration, api.foreign_integration_token)
    )
    scene = target.scene(matrix_world, matrix_world.people.practitioner)
    headers = {**scene.headers, "Authorization": token}
    url = path_for(pattern.route, scene.kwargs) + scene.query
    before = record_state()
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    # When it sends the method
    if method == "GET":
        response = client.get(url, headers=headers)
    else:
        response = client.post(
            url, json.dumps(scene.json or {}), content_type="application/fhir+json", headers=headers
        )

    # Then it gets what the table says, and changes nothing
    wanted = cases_fhir.INTEGRATION[target.label.removesuffix(cases_fhir.BY_TOKEN)][integration]
    assert response.status_code == wanted, response.content
    assert json.loads(response.content)["resourceType"] in ("Bundle", "Patient", "OperationOutcome")
    assert not changed_tables(before, record_state())
    # And every row written names the client; a refusal is one denied row
    rows = list(AuditEvent.objects.filter(pk__gt=last))
    assert all(r.actor_id == client_row.service_user_id for r in rows)
    assert all(r.detail.get("client") == client_row.label for r in rows)
    denied = [r for r in rows if r.outcome == AuditOutcome.DENIED]
    assert len(denied) == (1 if wanted == 404 else 0)
