"""A 42 CFR Part 2 consent says that someone is in substance use treatment: like the information it covers,
it is shown only with a grant for substance use. Without one the family page and the History say that a
consent is left out and why; with one, showing it is audited under substance use."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from nestling.audit.models import AuditAction, AuditEvent, AuditOutcome
from nestling.families.models import CONSENT_CATEGORIES, Consent, ConsentKind
from nestling.families.services.consent import consent_create
from nestling.records.errors import RecordInvalid
from tests.factories.families import CaregiverFactory, ConsentFactory

PART2 = "42 CFR Part 2"
# The notice names the category and who gives grants (access.hidden and components/left_out.html).
LEFT_OUT = "not shown here"
ASK = "privacy officer gives grants"
PART2_ELEMENTS = {
    "discloser": "Riverbend outpatient program (synthetic)",
    "information": "Attendance and treatment progress",
    "recipient": "Home visitor",
    "purpose": "Coordinate care",
    "expiry_event": "End of services",
    "right_to_revoke_explained": True,
    "signed": True,
}


@pytest.fixture
def part2(world) -> Consent:
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan")
    ConsentFactory(family=world.family_a, kind=ConsentKind.SERVICES, given_by=mother)
    return ConsentFactory(family=world.family_a, kind=ConsentKind.PART2, given_by=mother, **PART2_ELEMENTS)


def _page(client, name: str, *args) -> tuple[int, str]:
    response = client.get(reverse(name, args=args))
    return response.status_code, response.content.decode()


def _reads_of_substance_use():
    return AuditEvent.objects.filter(
        action=AuditAction.READ, outcome=AuditOutcome.ALLOWED, category="substance_use"
    )


def test_a_part_2_consent_is_in_the_substance_use_category_and_others_in_none():
    assert CONSENT_CATEGORIES == {ConsentKind.PART2: "substance_use"}
    assert Consent(kind=ConsentKind.PART2).audit_category == "substance_use"
    assert Consent(kind=ConsentKind.SERVICES).audit_category == ""


@pytest.mark.parametrize("persona", ["supervisor", "manager", "practitioner"])
def test_without_a_grant_the_family_page_leaves_out_the_part_2_consent_and_says_so(
    world, signed_in, part2, persona
):
    status, body = _page(signed_in(world.persona(persona)), "family_detail", world.family_a.uuid)
    assert status == 200
    assert PART2 not in body and "Riverbend" not in body and str(part2.uuid) not in body
    assert "Consent to services" in body  # the other consents are there
    assert LEFT_OUT in body and ASK in body
    assert not _reads_of_substance_use().exists()


def test_without_a_grant_the_history_leaves_out_the_part_2_consent_and_says_so(world, signed_in, part2):
    status, body = _page(signed_in(world.supervisor), "family_timeline", world.family_a.uuid)
    assert status == 200
    assert PART2 not in body and "Consent given: Consent to services" in body
    assert LEFT_OUT in body and ASK in body
    assert not _reads_of_substance_use().exists()


def test_without_a_grant_the_part_2_consent_cannot_be_revoked_it_does_not_exist(world, signed_in, part2):
    client = signed_in(world.practitioner)
    status, body = _page(client, "consent_revoke", world.family_a.uuid, part2.uuid)
    assert status == 404 and PART2 not in body
    denial = AuditEvent.objects.get(outcome=AuditOutcome.DENIED)
    assert denial.category == "substance_use"


def test_with_a_grant_the_part_2_consent_shows_and_showing_it_is_audited_as_substance_use(
    world, signed_in, grant, part2
):
    grant(world.supervisor)
    client = signed_in(world.supervisor)
    status, body = _page(client, "family_detail", world.family_a.uuid)
    assert status == 200 and PART2 in body and LEFT_OUT not in body
    assert _reads_of_substance_use().filter(subject_id=str(world.family_a.uuid)).count() == 1
    status, body = _page(client, "family_timeline", world.family_a.uuid)
    assert f"Consent given: Substance use information ({PART2})" in body
    assert _reads_of_substance_use().count() == 2


def test_a_practitioner_records_a_part_2_consent_only_with_a_grant(world, grant):
    mother = CaregiverFactory(family=world.family_a)
    values = {"kind": "part2", "given_on": datetime.date.today(), "given_by": mother, **PART2_ELEMENTS}
    with pytest.raises(RecordInvalid) as refusal:
        consent_create(family=world.family_a, by=world.practitioner, **values)
    assert "grant" in refusal.value.errors["kind"][0]
    assert not Consent.objects.exists()
    grant(world.practitioner)
    consent = consent_create(family=world.family_a, by=world.practitioner, **values)
    created = AuditEvent.objects.get(action=AuditAction.CREATE, subject_id=str(consent.uuid))
    assert created.category == "substance_use"


def test_search_never_reads_a_consent_or_a_screen(world, signed_in, grant, part2):
    grant(world.supervisor)
    client = signed_in(world.supervisor)
    for words in ("Riverbend", "Part 2", "treatment progress", "AUDIT-C"):
        body = client.get(reverse("family_search"), {"q": words}).content.decode()
        assert "0 families found" in body, words
