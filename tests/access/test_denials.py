"""A refusal is audited once, in one place, and the row stays even when the refused work rolls back."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, require
from nestling.access.services import BreakGlassRefused, break_glass_open
from nestling.audit.models import AuditEvent, AuditOutcome
from nestling.screening.services import screening_record
from tests.factories.families import CaregiverFactory

REASON = "covering a crisis call for a colleague today"


def _denials():
    return AuditEvent.objects.filter(outcome=AuditOutcome.DENIED)


def test_an_unknown_child_on_the_growth_page_writes_one_denial_row(world, signed_in):
    # Given a signed-in practitioner
    client = signed_in(world.practitioner)
    before = _denials().count()
    # When they open the growth page of a child that does not exist
    response = client.get(reverse("child_growth", args=[uuid.uuid4()]))
    # Then they get 404 and exactly one denial is audited
    assert response.status_code == 404
    assert _denials().count() == before + 1


def test_a_refused_break_the_glass_attempt_leaves_its_denial_row(world):
    # Given a reference no family of the organization has
    # When a practitioner asks for emergency access to it
    with pytest.raises(BreakGlassRefused):
        break_glass_open(user=world.practitioner, family_reference="NST-999999", reason=REASON)
    # Then the attempt is in the audit trail, though nothing was granted
    row = _denials().get(subject_type="family_reference")
    assert row.subject_id == "NST-999999" and row.actor_id == world.practitioner.pk


def test_a_refused_break_the_glass_page_post_is_audited_once(world, signed_in):
    client = signed_in(world.practitioner)
    before = _denials().count()
    response = client.post(reverse("break_glass_open"), {"reference": "NST-999999", "reason": REASON})
    assert response.status_code == 200  # the form, with its error
    assert _denials().count() == before + 1


def test_a_service_refuses_an_actor_outside_the_family_whatever_page_called_it(world):
    # Given a colleague who does not carry family A
    mother = CaregiverFactory(family=world.family_a)
    # When a screen for family A is recorded in the colleague's name, bypassing every page
    with pytest.raises(AccessDenied) as refusal:
        screening_record(
            family=world.family_a,
            subject=mother,
            instrument_id="phq-2",
            answers=[0, 0],
            by=world.colleague,
            administered_on=mother.created_at.date(),
        )
    # Then the service itself refuses, naming the family, and nothing is written
    assert refusal.value.family_uuid == world.family_a.uuid
    assert not world.family_a.screening_results.exists()


def test_the_policy_names_what_was_refused(world):
    with pytest.raises(AccessDenied) as refusal:
        require(world.admin, Action.FAMILY_VIEW, world.family_a)
    assert refusal.value.action == "family.view" and refusal.value.subject_id == str(world.family_a.uuid)


def test_the_family_record_services_refuse_a_reader_who_may_not_edit(world):
    # Given the practitioner's supervisor, who reads family A but does not carry it
    from nestling.families.services.people import caregiver_update

    carer = CaregiverFactory(family=world.family_a, phone="555-0100")
    # When the supervisor's edit reaches the service, whatever called it
    with pytest.raises(AccessDenied):
        caregiver_update(caregiver=carer, by=world.supervisor, version=1, phone="555-0111")
    # Then nothing changed
    carer.refresh_from_db()
    assert carer.phone == "555-0100" and carer.version == 1
