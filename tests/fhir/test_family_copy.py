"""The family's own copy: a Bundle and a PDF summary, given by the practitioner carrying the family or a
manager, audited as a disclosure, with sensitive categories and 42 CFR Part 2 respected in both."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from nestling.access.models import SensitiveGrant
from nestling.audit.categories import SensitiveCategory
from nestling.audit.models import AuditAction, AuditEvent
from nestling.documents.pdf import pdf_text
from nestling.families.models import ConsentKind
from tests.factories.families import CaregiverFactory, ChildFactory, ConsentFactory
from tests.factories.screening import ScreeningResultFactory

ALCOHOL = "Alcohol Use Disorders Identification Test"


@pytest.fixture
def family(world):
    family = world.family_a
    caregiver = CaregiverFactory(family=family, given_name="Rosa", family_name="Synthetic")
    ChildFactory(family=family, given_name="Tomas", family_name="Synthetic")
    ScreeningResultFactory(family=family, caregiver=caregiver, administered_by=world.practitioner, flags=[])
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
    return family


def _grant(world):
    SensitiveGrant.objects.create(
        organization=world.org,
        user=world.practitioner,
        category=SensitiveCategory.SUBSTANCE_USE,
        granted_by=world.manager,
    )


def _part2_consent(family, world):
    ConsentFactory(
        family=family,
        kind=ConsentKind.PART2,
        given_by=family.caregivers.first(),
        given_by_other="",
        recipient="The family",
        purpose="The family's own copy",
        discloser="Synthetic program",
        information="Screening results",
        expiry_event="Discharge",
        right_to_revoke_explained=True,
        signed=True,
    )


def _bundle(client, family) -> dict:
    response = client.get(reverse("fhir_family_bundle", args=[family.uuid]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return json.loads(response.content)


def _codes(bundle) -> set[str]:
    return {
        c["code"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        for c in e["resource"]["code"]["coding"]
    }


def _pdf(client, family) -> str:
    response = client.get(reverse("fhir_family_summary", args=[family.uuid]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    return pdf_text(response.content)


def test_the_copy_holds_the_record_and_is_audited_as_a_disclosure(world, family, client):
    client.force_login(world.practitioner)
    bundle = _bundle(client, family)
    assert "phq-9@1" in _codes(bundle)
    names = {
        e["resource"].get("name", [{}])[0].get("given", [""])[0]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Patient"
    }
    assert {"Rosa", "Tomas"} <= names
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT, family_uuid=family.uuid).latest("pk")
    assert export.detail["disclosure"] is True and export.detail["format"] == "fhir-json"
    text = _pdf(client, family)
    assert "Rosa Synthetic" in text and "Patient Health Questionnaire-9" in text


def test_substance_use_stays_out_without_a_grant(world, family, client):
    client.force_login(world.practitioner)
    assert "audit-c@2" not in _codes(_bundle(client, family))
    assert ALCOHOL not in _pdf(client, family)


def test_substance_use_stays_out_with_a_grant_but_no_part_2_consent(world, family, client):
    _grant(world)
    client.force_login(world.practitioner)
    assert "audit-c@2" not in _codes(_bundle(client, family))
    assert ALCOHOL not in _pdf(client, family)


def test_with_a_grant_and_a_part_2_consent_it_goes_with_the_redisclosure_notice(world, family, client):
    _grant(world)
    _part2_consent(family, world)
    client.force_login(world.practitioner)
    bundle = _bundle(client, family)
    assert "audit-c@2" in _codes(bundle)
    assert {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "42CFRPart2"} in bundle[
        "meta"
    ]["security"]
    text = _pdf(client, family)
    assert ALCOHOL in text and "42 CFR part 2" in text


def test_a_supervisor_reads_the_family_but_may_not_give_its_copy(world, family, client):
    client.force_login(world.supervisor)
    assert client.get(reverse("fhir_family_bundle", args=[family.uuid])).status_code == 404
    assert client.get(reverse("family_detail", args=[family.uuid])).status_code == 200


def test_the_family_page_offers_the_copy_only_to_who_may_give_it(world, family, client):
    bundle_url = reverse("fhir_family_bundle", args=[family.uuid])
    client.force_login(world.practitioner)
    assert bundle_url in client.get(reverse("family_detail", args=[family.uuid])).content.decode()
    client.force_login(world.supervisor)
    assert bundle_url not in client.get(reverse("family_detail", args=[family.uuid])).content.decode()
