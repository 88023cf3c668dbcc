"""Caregivers, children, births and relationships: the three patients, written through services."""

from __future__ import annotations

import datetime
import uuid

import pytest

from nestling.access.models import SensitiveCategory
from nestling.audit.models import AuditAction, AuditEvent
from nestling.families.models import Caregiver, Child, HouseholdMembership, Relationship, RelationshipKind
from nestling.families.models.risk import SensitiveCategory as FamilySensitiveCategory
from nestling.families.services.people import (
    birth_record,
    caregiver_create,
    child_create,
    relationship_create,
    relationship_observe,
)
from nestling.records.errors import RecordInvalid


def test_adding_a_pregnant_caregiver_records_her_and_audits_the_creation(world, today):
    # Given a family on the practitioner's caseload
    # When the practitioner adds a pregnant caregiver
    due = today + datetime.timedelta(days=70)
    carer = caregiver_create(
        family=world.family_a,
        by=world.practitioner,
        given_name=" Rosa ",
        family_name="Quill",
        date_of_birth=datetime.date(2008, 5, 1),
        pregnancy_due_date=due,
    )
    # Then she is in the household from today, with her pregnancy, and one CREATE audit row
    assert carer.given_name == "Rosa" and carer.pregnancy_due_date == due
    assert HouseholdMembership.objects.filter(caregiver=carer, starts_on=today).exists()
    row = AuditEvent.objects.get(action=AuditAction.CREATE, subject_id=str(carer.uuid))
    assert row.family_uuid == world.family_a.uuid and row.category == "caregiver"


def test_a_prenatal_child_needs_a_due_date_and_keeps_birth_details_for_the_birth(world, today):
    with pytest.raises(RecordInvalid) as refusal:
        child_create(family=world.family_a, by=world.practitioner, family_name="Quill")
    assert "date_of_birth" in refusal.value.errors
    with pytest.raises(RecordInvalid) as refusal:
        child_create(
            family=world.family_a,
            by=world.practitioner,
            family_name="Quill",
            due_date=today + datetime.timedelta(days=30),
            birth_weight_grams=3000,
        )
    assert "birth_weight_grams" in refusal.value.errors


def test_every_problem_with_a_child_is_reported_at_once(world, today):
    with pytest.raises(RecordInvalid) as refusal:
        child_create(
            family=world.family_a,
            by=world.practitioner,
            family_name="",
            date_of_birth=today + datetime.timedelta(days=3),
            gestation_weeks=50,
            birth_weight_grams=20,
        )
    assert set(refusal.value.errors) == {
        "family_name",
        "date_of_birth",
        "gestation_weeks",
        "birth_weight_grams",
    }
    assert not Child.objects.exists()


def test_recording_the_birth_turns_a_prenatal_child_into_a_born_one_with_gestation_from_the_due_date(
    world, today
):
    # Given a pregnant caregiver and her unborn baby, due in 3 weeks
    due = today + datetime.timedelta(days=21)
    mother = caregiver_create(
        family=world.family_a,
        by=world.practitioner,
        given_name="Rosa",
        family_name="Quill",
        pregnancy_due_date=due,
    )
    baby = child_create(family=world.family_a, by=world.practitioner, family_name="Quill", due_date=due)
    relationship_create(
        family=world.family_a,
        by=world.practitioner,
        caregiver=mother,
        child=baby,
        kind=RelationshipKind.BIOLOGICAL_MOTHER,
    )
    # When the baby is born today, 5 weeks early
    born = birth_record(
        child=baby,
        by=world.practitioner,
        version=baby.version,
        date_of_birth=today,
        sex="female",
        given_name="Ivy",
    )
    # Then the child is born at 37+0 weeks, the mother's pregnancy is closed, and the change is audited
    assert not born.is_prenatal and (born.gestation_weeks, born.gestation_days) == (37, 0)
    assert born.given_name == "Ivy" and born.version == 2
    mother.refresh_from_db()
    assert mother.pregnancy_due_date is None
    change = AuditEvent.objects.get(action=AuditAction.CHANGE, subject_id=str(baby.uuid))
    assert change.detail["before"]["date_of_birth"] is None
    assert change.detail["after"]["date_of_birth"] == today.isoformat()
    assert change.detail["event"] == "birth"


def test_a_birth_is_recorded_only_once(world, today):
    baby = child_create(family=world.family_a, by=world.practitioner, family_name="Quill", due_date=today)
    born = birth_record(child=baby, by=world.practitioner, version=baby.version, date_of_birth=today)
    with pytest.raises(RecordInvalid):
        birth_record(child=born, by=world.practitioner, version=born.version, date_of_birth=today)


def test_a_relationship_joins_a_caregiver_and_child_of_the_same_household_only_once(world):
    carer = caregiver_create(
        family=world.family_a, by=world.practitioner, given_name="Ana", family_name="Lark"
    )
    own = child_create(
        family=world.family_a,
        by=world.practitioner,
        family_name="Lark",
        date_of_birth=datetime.date(2025, 1, 2),
    )
    foreign = child_create(
        family=world.family_b,
        by=world.practitioner,
        family_name="Wren",
        date_of_birth=datetime.date(2025, 1, 3),
    )
    with pytest.raises(RecordInvalid) as refusal:
        relationship_create(
            family=world.family_a, by=world.practitioner, caregiver=carer, child=foreign, kind="foster"
        )
    assert "child" in refusal.value.errors
    relationship_create(
        family=world.family_a, by=world.practitioner, caregiver=carer, child=own, kind="foster"
    )
    with pytest.raises(RecordInvalid):
        relationship_create(
            family=world.family_a, by=world.practitioner, caregiver=carer, child=own, kind="foster"
        )
    assert Relationship.objects.count() == 1


def test_observations_of_a_relationship_are_dated_and_refused_without_text(world, today):
    carer = caregiver_create(
        family=world.family_a, by=world.practitioner, given_name="Ana", family_name="Lark"
    )
    kid = child_create(family=world.family_a, by=world.practitioner, family_name="Lark", date_of_birth=today)
    pair = relationship_create(
        family=world.family_a, by=world.practitioner, caregiver=carer, child=kid, kind="biological_mother"
    )
    with pytest.raises(RecordInvalid):
        relationship_observe(relationship=pair, by=world.practitioner, text="  ", observed_on=today)
    note = relationship_observe(
        relationship=pair,
        by=world.practitioner,
        text="Soothes baby with song",
        observed_on=today,
        kind="strength",
    )
    assert note.observer == world.practitioner
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, subject_id=str(note.uuid)).exists()


def test_a_double_submitted_caregiver_makes_one_record(world):
    client_id = uuid.uuid4()
    first = caregiver_create(
        family=world.family_a,
        by=world.practitioner,
        given_name="Ana",
        family_name="Lark",
        client_id=client_id,
    )
    again = caregiver_create(
        family=world.family_a,
        by=world.practitioner,
        given_name="Ana",
        family_name="Lark",
        client_id=client_id,
    )
    assert first.pk == again.pk
    assert Caregiver.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, subject_type="caregiver").count() == 1


def test_the_family_record_lists_the_same_sensitive_categories_as_access():
    assert FamilySensitiveCategory.choices == SensitiveCategory.choices
