"""The access matrix's API rows again, with a client-credentials token of each organization's system
integration: it reads as a program manager of its own organization (every program), writes nothing that
needs a caseload, and reads nothing of another organization — each refusal a 404 audited once, against the
integration's service user and naming the client."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.db import transaction

from nestling.audit.models import AuditEvent, AuditOutcome
from tests.access.matrix import cases_api
from tests.access.matrix.routes import path_for
from tests.access.matrix.state import changed_tables, record_state
from tests.access.matrix.world import MatrixWorld, make_matrix_world

# Which targets each integration reads: its own organization's families (the own and the colleague's
# are both in it), or the other organization's.
READS = {"own": {"own", "colleague's"}, "foreign": {"foreign"}}


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker) -> Iterator[MatrixWorld]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_matrix_world()
        transaction.set_rollback(True)


def _cases() -> Iterator[object]:
    for pattern in cases_api.PATTERNS:
        if not pattern.route.startswith(cases_api.V1 + "families/<"):
            continue
        for target in pattern.targets:
            for method in pattern.methods:
                for integration in ("own", "foreign"):
                    yield pytest.param(
                        pattern,
                        target,
                        method,
                        integration,
                        id=f"{pattern.route} [{target.label}] {method} {integration}",
                    )


@pytest.mark.parametrize(("pattern", "target", "method", "integration"), list(_cases()))
def test_an_integration_token_reads_its_own_organization_only_and_writes_nothing(
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
    url = path_for(pattern.route, scene.kwargs)
    before = record_state()
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    # When it sends the method
    send = getattr(client, method.lower())
    if method == "GET":
        response = send(url, headers=headers)
    else:
        response = send(url, json.dumps(scene.json or {}), content_type="application/json", headers=headers)

    # Then a read of its own organization's family answers, and anything else is a 404
    reads = method == "GET" and target.label in READS[integration]
    assert response.status_code == (200 if reads else 404), response.content
    assert not changed_tables(before, record_state()) or reads
    # And every row written names the client; a refusal is one denied row
    rows = list(AuditEvent.objects.filter(pk__gt=last))
    assert all(r.actor_id == client_row.service_user_id for r in rows)
    assert all(r.detail.get("client") == client_row.label for r in rows)
    denied = [r for r in rows if r.outcome == AuditOutcome.DENIED]
    assert len(denied) == (0 if reads else 1)
