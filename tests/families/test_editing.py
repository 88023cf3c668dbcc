"""Editing that loses nothing: versions, stale saves and before/after audit rows."""

from __future__ import annotations

import datetime

import pytest

from nestling.audit.models import AuditAction, AuditEvent
from nestling.families.services.household import family_update
from nestling.families.services.people import caregiver_update, child_update
from nestling.records.errors import RecordInvalid, StaleEdit
from tests.factories.families import CaregiverFactory, CaseloadAssignmentFactory, ChildFactory


def test_a_change_bumps_the_version_and_audits_before_and_after(world):
    carer = CaregiverFactory(family=world.family_a, phone="555-0100")
    updated = caregiver_update(caregiver=carer, by=world.practitioner, version=1, phone="555-0199")
    assert updated.version == 2 and updated.phone == "555-0199"
    row = AuditEvent.objects.get(action=AuditAction.CHANGE, subject_id=str(carer.uuid))
    assert row.detail["before"] == {"phone": "555-0100"}
    assert row.detail["after"] == {"phone": "555-0199"}


def test_saving_unchanged_values_writes_nothing(world):
    carer = CaregiverFactory(family=world.family_a, phone="555-0100")
    same = caregiver_update(caregiver=carer, by=world.practitioner, version=1, phone="555-0100")
    assert same.version == 1
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE).exists()


def test_a_stale_save_is_refused_with_the_other_persons_changes(world):
    # Given two people opened the same caregiver at version 1
    carer = CaregiverFactory(family=world.family_a, phone="555-0100", preferred_language="")
    # And the colleague, who carries the family too, saved first
    CaseloadAssignmentFactory(family=world.family_a, practitioner=world.colleague, kind="secondary")
    caregiver_update(
        caregiver=carer, by=world.colleague, version=1, phone="555-0111", preferred_language="Tagalog"
    )
    # When the practitioner saves from version 1
    with pytest.raises(StaleEdit) as refusal:
        caregiver_update(caregiver=carer, by=world.practitioner, version=1, phone="555-0122")
    # Then nothing of theirs was written, and they see what the other person changed
    carer.refresh_from_db()
    assert carer.phone == "555-0111" and carer.version == 2
    assert refusal.value.current_version == 2
    changed = {c.field: (c.before, c.after, c.by) for c in refusal.value.changes}
    assert changed["phone"] == ("555-0100", "555-0111", world.colleague.email)
    assert changed["preferred_language"][1] == "Tagalog"


def test_choices_in_the_other_persons_changes_read_as_words(world):
    kid = ChildFactory(family=world.family_a, sex="unknown")
    CaseloadAssignmentFactory(family=world.family_a, practitioner=world.colleague, kind="secondary")
    child_update(child=kid, by=world.colleague, version=1, sex="female")
    with pytest.raises(StaleEdit) as refusal:
        child_update(child=kid, by=world.practitioner, version=1, given_name="Ivy")
    assert [(c.before, c.after) for c in refusal.value.changes] == [("Not known yet", "Female")]


def test_a_household_edit_is_versioned_too(world):
    family = world.family_a
    family_update(family=family, by=world.practitioner, version=family.version, interpreter_needed=True)
    with pytest.raises(StaleEdit) as refusal:
        family_update(family=family, by=world.practitioner, version=1, preferred_language="Somali")
    assert refusal.value.changes[0].field == "interpreter_needed"
    assert refusal.value.changes[0].after == "Yes"


def test_an_edit_is_validated_against_the_whole_record(world):
    carer = CaregiverFactory(family=world.family_a)
    with pytest.raises(RecordInvalid) as refusal:
        caregiver_update(
            caregiver=carer,
            by=world.practitioner,
            version=1,
            date_of_birth=datetime.date.today() + datetime.timedelta(days=1),
        )
    assert "date_of_birth" in refusal.value.errors


def test_a_prenatal_child_is_born_through_the_birth_record_not_an_edit(world):
    kid = ChildFactory(family=world.family_a, date_of_birth=None, due_date=datetime.date.today())
    with pytest.raises(RecordInvalid):
        child_update(child=kid, by=world.practitioner, version=1, date_of_birth=datetime.date.today())
