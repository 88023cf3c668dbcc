"""Referrals as ServiceRequests: an order for one of the three patients, by the practitioner who made it,
to the service named, with the screen that prompted it as its reason; read and searched (subject,
status), in `$everything` and in the family's own copy; a referral to substance-use treatment only for
a reader granted substance use."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from nestling.families.models import subject_of
from nestling.fhir.mapping.referrals import request_status
from nestling.fhir.mapping.resources import parse
from nestling.referrals.models import LocalService, ServiceKind, Status
from nestling.referrals.services.referrals import ReferralDraft, referral_create, referral_status_set
from nestling.screening.services import screening_record
from tests.factories.families import CaregiverFactory, ChildFactory

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def referred(world, grant):
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan", family_name="Synthetic")
    child = ChildFactory(family=world.family_a, given_name="Ash", family_name="Synthetic")
    phq9 = screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=[2, 2, 2, 2, 1, 1, 1, 0, 0],
        by=world.practitioner,
        administered_on=TODAY - 3 * DAY,
    )
    counselling = LocalService.objects.create(
        organization=world.org, kind=ServiceKind.ADULT_MENTAL_HEALTH, name="Riverbend counselling (synthetic)"
    )
    referral = referral_create(
        family=world.family_a,
        by=world.practitioner,
        draft=ReferralDraft(
            subject=subject_of(mother),
            reason="Low mood since the birth",
            referred_on=TODAY - 2 * DAY,
            expected_by=TODAY + 12 * DAY,
            service=counselling,
            from_result=phq9,
        ),
        send=True,
    )
    # Only someone granted substance use makes such a referral; the readers below hold no grant.
    granted = grant(world.practitioner)
    treatment = referral_create(
        family=world.family_a,
        by=world.practitioner,
        draft=ReferralDraft(
            subject=subject_of(mother),
            reason="Asked for help with drinking",
            referred_on=TODAY - DAY,
            expected_by=TODAY + 13 * DAY,
            service_name="Synthetic recovery program",
            service_kind=ServiceKind.SUBSTANCE_USE,
            domain="substance_use",
        ),
    )
    granted.delete()
    return mother, child, phq9, referral, treatment


def _get(client, url):
    response = client.get(url)
    return response, json.loads(response.content)


def _ids(bundle, resource_type="ServiceRequest") -> set[str]:
    return {
        e["resource"]["id"] for e in bundle.get("entry", []) if e["resource"]["resourceType"] == resource_type
    }


def test_a_referral_reads_as_an_order_to_the_service_for_the_screen(client, world, referred):
    # Given a sent referral of the mother, prompted by her PHQ-9
    mother, _child, phq9, referral, _treatment = referred
    client.force_login(world.practitioner)
    # When it is read as FHIR
    response, body = _get(client, f"/fhir/ServiceRequest/{referral.uuid}")
    # Then it is a valid, active order for her, by the practitioner, to the service, for the screen
    assert response.status_code == 200
    parse(body)
    assert body["status"] == "active" and body["intent"] == "order"
    assert body["subject"] == {"reference": f"Patient/{mother.uuid}"}
    assert body["requester"]["display"] == world.practitioner.display_name
    assert body["performer"] == [
        {"type": "HealthcareService", "display": "Riverbend counselling (synthetic)"}
    ]
    assert body["reasonReference"] == [{"reference": f"Observation/{phq9.uuid}"}]
    assert body["reasonCode"][0]["text"] == "Low mood since the birth"
    assert body["authoredOn"] == (TODAY - 2 * DAY).isoformat()
    assert body["occurrencePeriod"]["end"] == (TODAY + 12 * DAY).isoformat()


def test_search_finds_referrals_by_subject_and_status(client, world, referred):
    mother, child, _phq9, referral, _treatment = referred
    client.force_login(world.practitioner)
    _r, by_subject = _get(client, f"/fhir/ServiceRequest?subject=Patient/{mother.uuid}")
    _r, active = _get(client, f"/fhir/ServiceRequest?patient={mother.uuid}&status=active")
    _r, completed = _get(client, f"/fhir/ServiceRequest?patient={mother.uuid}&status=completed")
    _r, of_child = _get(client, f"/fhir/ServiceRequest?subject={child.uuid}")
    assert _ids(by_subject) == {str(referral.uuid)}  # the substance-use referral stays out
    assert _ids(active) == {str(referral.uuid)}
    assert _ids(completed) == set() and _ids(of_child) == set()


def test_the_status_follows_the_referral_to_its_end(client, world, referred):
    _mother, _child, _phq9, referral, _treatment = referred
    referral_status_set(
        referral=referral, by=world.practitioner, version=referral.version, status=Status.COMPLETED, on=TODAY
    )
    client.force_login(world.practitioner)
    _r, body = _get(client, f"/fhir/ServiceRequest/{referral.uuid}")
    assert body["status"] == "completed"
    assert {"system": body["extension"][0]["valueCoding"]["system"], "code": "completed"}.items() <= body[
        "extension"
    ][0]["valueCoding"].items()


def test_fhir_statuses_for_every_referral_status():
    assert request_status("draft", closed=False) == "draft"
    assert request_status("appointment_set", closed=False) == "active"
    assert request_status("family_declined", closed=True) == "revoked"
    assert request_status("sent", closed=True) == "revoked"  # closed at a discharge
    assert {request_status(s, closed=False) for s in Status.values} <= {
        "draft",
        "active",
        "completed",
        "revoked",
    }


def test_a_substance_use_referral_needs_the_grant(client, world, referred, grant):
    # Given a referral to substance-use treatment, which no one is granted yet
    _mother, _child, _phq9, _referral, treatment = referred
    client.force_login(world.practitioner)
    hidden, _body = _get(client, f"/fhir/ServiceRequest/{treatment.uuid}")
    # When the practitioner is granted substance use
    grant(world.practitioner)
    shown, body = _get(client, f"/fhir/ServiceRequest/{treatment.uuid}")
    # Then it answered 404 before, and reads now, as a draft
    assert hidden.status_code == 404
    assert shown.status_code == 200 and body["status"] == "draft"
    assert body["performer"][0]["display"] == "Synthetic recovery program"


def test_everything_and_the_family_copy_carry_the_referral(client, world, referred):
    mother, _child, _phq9, referral, _treatment = referred
    client.force_login(world.practitioner)
    _r, everything = _get(client, f"/fhir/Patient/{mother.uuid}/$everything")
    copy = client.get(reverse("fhir_family_bundle", args=[world.family_a.uuid]))
    bundle = json.loads(copy.content)
    assert _ids(everything) == {str(referral.uuid)}
    assert _ids(bundle) == {str(referral.uuid)}
    for entry in bundle["entry"]:
        parse(entry["resource"])
