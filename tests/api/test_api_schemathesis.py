"""schemathesis against the API's own OpenAPI document, in `make test`: a bounded, seeded, derandomized run
with a practitioner's token (every scope) on a family of their caseload. Every operation gets
EXAMPLES generated requests (positive data: what the document says is valid), each checked for no server
error, a status code the document declares, and a body and content type matching it. Separately, every
operation is called without a token and must answer 401.

What it ran is recorded in the closing note of the issue: OPERATIONS operations x EXAMPLES examples."""

from __future__ import annotations

import datetime
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from nestling.families.models import subject_of
from nestling.referrals.models import Referral
from nestling.referrals.services.referrals import ReferralDraft, referral_create
from nestling.wsgi import application
from tests.factories import families as make
from tests.factories.api import bearer, registered_client
from tests.factories.growth import MeasurementFactory
from tests.factories.screening import ScreeningResultFactory

EXAMPLES = 12
OPERATIONS = 27  # the document's operations; the test below fails if it says otherwise
SEED = 20261202

CONFIG = schemathesis.Config.from_dict(
    {"seed": SEED, "generation": {"mode": "positive", "deterministic": True, "max-examples": EXAMPLES}}
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def one_connection():
    """Keep the test's database connection across the requests schemathesis sends to the WSGI handler
    itself: Django closes a connection at the end of a request when it is not in autocommit (the test's
    transaction, on PostgreSQL), which its own test client prevents in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(world, one_connection):
    """The practitioner's token and a family of their caseload with one record of each kind the paths
    name, so that generated requests reach real records and not only 404s."""
    app, _secret = registered_client(organization_id=world.org.pk, admin=world.admin)
    family = world.family_a
    caregiver = make.CaregiverFactory(family=family)
    child = make.ChildFactory(family=family)
    make.RelationshipFactory(family=family, caregiver=caregiver, child=child)
    result = ScreeningResultFactory(family=family, caregiver=caregiver, administered_by=world.practitioner)
    MeasurementFactory(child=child, measured_by=world.practitioner)
    today = datetime.date.today()
    referral = referral_create(
        family=family,
        by=world.practitioner,
        draft=ReferralDraft(
            subject=subject_of(caregiver),
            reason="Synthetic reason",
            referred_on=today,
            expected_by=today + datetime.timedelta(days=14),
            service_name="Synthetic counselling",
            service_kind="adult_mental_health",
            domain="depression",
        ),
        send=True,
    )
    return {
        "token": bearer(app, user=world.practitioner),
        "path": {
            "family_uuid": str(family.uuid),
            "caregiver_uuid": str(caregiver.uuid),
            "child_uuid": str(child.uuid),
            "result_uuid": str(result.uuid),
            "referral_uuid": str(referral.uuid),
        },
        "version": lambda: family.__class__.objects.get(pk=family.pk).version,
        "referral_version": lambda: Referral.objects.get(pk=referral.pk).version,
    }


def test_the_document_has_the_operations_the_run_is_recorded_with():
    assert sum(1 for _operation in schema.get_all_operations()) == OPERATIONS


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_document(case, records):
    # Given a generated request on the practitioner's family, with their token (and the current version
    # of the household, or of the referral, for an update of it)
    if case.path_parameters:
        case.path_parameters = {
            **case.path_parameters,
            **{k: v for k, v in records["path"].items() if k in case.path_parameters},
        }
    headers = {"Authorization": records["token"]}
    if case.method.upper() == "PATCH":
        headers["If-Match"] = f'"{records["version"]()}"'
    if case.path.endswith("/status"):
        headers["If-Match"] = f'"{records["referral_version"]()}"'
    # When it is sent, then no server error and nothing the document does not say
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS)


_PARAM = re.compile(r"{(\w+)}")


@pytest.mark.parametrize(
    "operation", list(schema.get_all_operations()), ids=lambda op: f"{op.ok().method.upper()} {op.ok().path}"
)
def test_no_operation_answers_without_a_token(operation, records, client):
    op = operation.ok()
    path = _PARAM.sub(lambda m: records["path"].get(m.group(1), m.group(0)), op.path)
    send = getattr(client, op.method.lower())
    response = send(path) if op.method.upper() == "GET" else send(path, "{}", content_type="application/json")
    assert response.status_code == 401, (op.method, path, response.content)
