"""The FHIR server as a client meets it: the CapabilityStatement, read, search (with its parameters,
pages and constant queries), $everything, what a licensed instrument gives away (nothing but item
numbers), sensitive categories, refusals answered as OperationOutcomes, and importing over HTTP."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nestling.access.models import SensitiveGrant
from nestling.audit.categories import SensitiveCategory
from nestling.audit.models import AuditAction, AuditEvent, AuditOutcome
from nestling.families.models import Family
from nestling.fhir.mapping.resources import parse
from tests.factories.families import CaregiverFactory, CaseloadAssignmentFactory, ChildFactory, FamilyFactory
from tests.factories.growth import MeasurementFactory
from tests.factories.screening import ScreeningResultFactory

FHIR = "application/fhir+json"


def _household(world, family: Family):
    caregiver = CaregiverFactory(family=family, given_name="Mara", family_name="Synthetic")
    child = ChildFactory(family=family, given_name="Leo", family_name="Synthetic", sex="male")
    MeasurementFactory(
        child=child,
        measured_by=world.practitioner,
        measured_on=datetime.date.today() - datetime.timedelta(days=30),
    )
    MeasurementFactory(child=child, measured_by=world.practitioner, kind="length", value="66.0")
    ScreeningResultFactory(family=family, caregiver=caregiver, administered_by=world.practitioner, flags=[])
    ScreeningResultFactory(
        family=family,
        caregiver=caregiver,
        administered_by=world.practitioner,
        instrument="epds",
        definition="epds@1",
        answers=[0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
        total=1,
        band="",
        positive=False,
        flags=[],
    )
    ScreeningResultFactory(
        family=family,
        caregiver=caregiver,
        administered_by=world.practitioner,
        instrument="audit-c",
        definition="audit-c@2",
        answers=[2, 1, 0],
        total=3,
        band="",
        positive=True,
        flags=[],
    )
    return caregiver, child


@pytest.fixture
def household(world):
    return _household(world, world.family_a)


def _get(client, url):
    response = client.get(url)
    assert response["Content-Type"].startswith(FHIR) or response.status_code == 405
    return response, json.loads(response.content)


def test_the_capability_statement_is_public_and_declares_r4(client):
    response, body = _get(client, "/fhir/metadata")
    assert response.status_code == 200 and body["fhirVersion"] == "4.0.1"
    parse(body)
    types = {r["type"] for r in body["rest"][0]["resource"]}
    assert {"Patient", "Observation", "Condition", "Consent", "ServiceRequest"} <= types


def test_a_caller_who_is_not_signed_in_gets_401_and_nothing_else(client, household):
    _caregiver, child = household
    response, body = _get(client, f"/fhir/Patient/{child.uuid}")
    assert response.status_code == 401 and body["resourceType"] == "OperationOutcome"
    assert "Leo" not in response.content.decode()


def test_a_practitioner_reads_their_child_and_the_read_is_audited(world, household, client):
    _caregiver, child = household
    client.force_login(world.practitioner)
    response, body = _get(client, f"/fhir/Patient/{child.uuid}")
    assert response.status_code == 200 and body["birthDate"] == child.date_of_birth.isoformat()
    assert body["gender"] == "male"
    assert AuditEvent.objects.filter(
        actor_id=world.practitioner.pk, action=AuditAction.READ, family_uuid=world.family_a.uuid
    ).exists()


def test_another_organizations_patient_is_not_found_and_the_refusal_is_audited(world, household, client):
    _caregiver, child = household
    client.force_login(world.outsider)
    response, body = _get(client, f"/fhir/Patient/{child.uuid}")
    assert response.status_code == 404 and body["issue"][0]["code"] == "not-found"
    assert (
        AuditEvent.objects.filter(
            actor_id=world.outsider.pk, outcome=AuditOutcome.DENIED, subject_id=str(child.uuid)
        ).count()
        == 1
    )


def test_growth_observations_carry_loinc_ucum_and_z_scores(world, household, client):
    _caregiver, child = household
    client.force_login(world.practitioner)
    response, bundle = _get(client, f"/fhir/Observation?patient={child.uuid}&code=http://loinc.org|29463-7")
    assert response.status_code == 200 and bundle["type"] == "searchset" and bundle["total"] == 1
    weight = bundle["entry"][0]["resource"]
    assert weight["valueQuantity"] == {
        "value": 7.5,
        "unit": "kg",
        "system": "http://unitsofmeasure.org",
        "code": "kg",
    }
    assert any(c["code"]["coding"][0]["code"] == "weight-z" for c in weight["component"])


def test_search_by_date_keeps_what_falls_in_the_range(world, household, client):
    _caregiver, child = household
    client.force_login(world.practitioner)
    today = datetime.date.today().isoformat()
    _response, bundle = _get(client, f"/fhir/Observation?patient={child.uuid}&date=ge{today}")
    assert [e["resource"]["code"]["coding"][0]["code"] for e in bundle["entry"]] == ["8306-3"]


def test_an_unknown_search_parameter_is_refused_by_name(world, household, client):
    client.force_login(world.practitioner)
    response, body = _get(client, "/fhir/Observation?patinet=x")
    assert response.status_code == 400 and "patinet" in body["issue"][0]["diagnostics"]


def test_a_licensed_instruments_answers_leave_as_item_numbers_only(world, household, client):
    caregiver, _child = household
    client.force_login(world.practitioner)
    _response, bundle = _get(client, f"/fhir/QuestionnaireResponse?patient={caregiver.uuid}")
    by_questionnaire = {
        e["resource"]["questionnaire"].rsplit("/", 1)[-1]: e["resource"] for e in bundle["entry"]
    }
    epds = by_questionnaire["epds@1"]
    assert [i["text"] for i in epds["item"]] == [str(n) for n in range(1, 11)]
    assert all("display" not in a["valueCoding"] for i in epds["item"] for a in i["answer"])
    assert by_questionnaire["phq-9@1"]["item"][0]["text"] == "Little interest or pleasure in doing things"
    _response, questionnaires = _get(client, "/fhir/Questionnaire")
    urls = {e["resource"]["url"].rsplit("/", 1)[-1] for e in questionnaires["entry"]}
    assert "phq-9@1" in urls and "epds@1" not in urls
    assert client.get("/fhir/Questionnaire/epds-v1").status_code == 404


def test_a_sensitive_result_is_absent_without_a_grant_and_present_with_one(world, household, client):
    caregiver, _child = household
    client.force_login(world.practitioner)
    url = f"/fhir/Observation?patient={caregiver.uuid}&code=75626-2"
    assert _get(client, url)[1]["total"] == 0
    SensitiveGrant.objects.create(
        organization=world.org,
        user=world.practitioner,
        category=SensitiveCategory.SUBSTANCE_USE,
        granted_by=world.manager,
    )
    assert _get(client, url)[1]["total"] == 1
    assert AuditEvent.objects.filter(
        actor_id=world.practitioner.pk, category=SensitiveCategory.SUBSTANCE_USE
    ).exists()


def test_everything_returns_the_whole_family_and_each_entry_validates(world, household, client):
    caregiver, _child = household
    client.force_login(world.supervisor)
    response, bundle = _get(client, f"/fhir/Patient/{caregiver.uuid}/$everything")
    assert response.status_code == 200
    parse(bundle)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Group", "Patient", "Observation", "QuestionnaireResponse"} <= kinds


def test_search_pages_and_its_queries_do_not_grow_with_the_families(world, client):
    client.force_login(world.manager)
    _household(world, world.family_a)
    _get(client, "/fhir/Patient?_count=1")  # the audit trail's lane is opened by the first read
    with CaptureQueriesContext(connection) as few:
        _response, first = _get(client, "/fhir/Patient?_count=1")
    for n in range(3):
        family = FamilyFactory(program=world.program, name=f"More {n}")
        CaseloadAssignmentFactory(family=family, practitioner=world.colleague)
        _household(world, family)
    with CaptureQueriesContext(connection) as many:
        _response, second = _get(client, "/fhir/Patient?_count=1")
    shapes = lambda queries: sorted(q["sql"].split(" WHERE ")[0] for q in queries)  # noqa: E731
    extra = [s for s in shapes(many.captured_queries) if s not in shapes(few.captured_queries)]
    assert len(many.captured_queries) == len(few.captured_queries), extra or shapes(many.captured_queries)
    assert second["total"] == first["total"] + 6 and len(second["entry"]) == 1
    assert any(link["relation"] == "next" for link in second["link"])


def _bundle(child_name: str = "Iris") -> dict:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Patient",
                    "id": "p1",
                    "name": [{"family": "Import", "given": [child_name]}],
                    "birthDate": "2025-06-01",
                    "gender": "female",
                }
            },
            {
                "resource": {
                    "resourceType": "RelatedPerson",
                    "id": "r1",
                    "patient": {"reference": "Patient/p1"},
                    "name": [{"family": "Import", "given": ["June"]}],
                    "relationship": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                                    "code": "NMTH",
                                }
                            ]
                        }
                    ],
                }
            },
            {
                "resource": {
                    "resourceType": "Observation",
                    "id": "o1",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
                    "subject": {"reference": "Patient/p1"},
                    "effectiveDateTime": datetime.date.today().isoformat(),
                    "valueQuantity": {"value": 6400, "unit": "g", "code": "g"},
                }
            },
        ],
    }


def test_importing_over_http_makes_a_family_once(world, client):
    client.force_login(world.practitioner)
    url = f"/fhir/$import-family?program={world.program.uuid}"

    def send(q=""):
        return client.post(
            url + q, json.dumps(_bundle()), content_type=FHIR, headers={"X-Requested-With": "fhir"}
        )

    assert (
        send("&dry-run=true").status_code == 200
        and not Family.objects.filter(name="Import household").exists()
    )
    assert send().status_code == 201
    family = Family.objects.get(name="Import household")
    assert family.children.get().given_name == "Iris" and family.caregivers.get().given_name == "June"
    assert str(family.children.get().measurements.get().value) == "6.400"
    again = send()
    assert again.status_code == 200 and "imported before" in again.content.decode()
    assert Family.objects.filter(name="Import household").count() == 1


def test_an_import_with_problems_answers_422_naming_them(world, client):
    client.force_login(world.practitioner)
    bad = _bundle()
    bad["entry"][0]["resource"].pop("birthDate")
    response = client.post(
        f"/fhir/$import-family?program={world.program.uuid}",
        json.dumps(bad),
        content_type=FHIR,
        headers={"X-Requested-With": "fhir"},
    )
    assert response.status_code == 422
    assert "birth date" in response.content.decode()
