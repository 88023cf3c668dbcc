"""A program manager marks a practitioner qualified for relationship-based therapy on the staff page."""

from __future__ import annotations

import pytest

from nestling.access.denials import AccessDenied
from nestling.audit.models import AuditEvent
from nestling.records.errors import RecordInvalid
from nestling.workforce.models import StaffProfile
from nestling.workforce.selectors import relationship_therapy_qualified
from nestling.workforce.services import staff_qualification_set


def test_a_manager_marks_a_practitioner_qualified_and_it_is_audited(world):
    profile = staff_qualification_set(
        person=world.practitioner,
        by=world.manager,
        qualified=True,
        note="IMH certificate 2025; reflective supervision with Dr Synthetic, fortnightly",
        seen_set_at=None,
    )
    assert relationship_therapy_qualified(user=world.practitioner)
    assert (profile.qualified_set_by, profile.qualified_set_at is not None) == (world.manager, True)
    row = AuditEvent.objects.get(subject_type="staffprofile", subject_id=str(world.practitioner.uuid))
    assert row.detail["after"] == {"qualified": True, "note": profile.qualified_note}


def test_no_one_but_a_manager_sets_it(world):
    for person in (world.practitioner, world.supervisor, world.admin, world.privacy):
        with pytest.raises(AccessDenied):
            staff_qualification_set(
                person=world.practitioner, by=person, qualified=True, note="x", seen_set_at=None
            )
    assert not StaffProfile.objects.exists()


def test_it_needs_what_it_rests_on_and_a_clinical_role(world):
    with pytest.raises(RecordInvalid) as refused:
        staff_qualification_set(
            person=world.practitioner, by=world.manager, qualified=True, note=" ", seen_set_at=None
        )
    assert "training" in refused.value.errors["note"][0]
    with pytest.raises(RecordInvalid) as refused:
        staff_qualification_set(
            person=world.admin, by=world.manager, qualified=True, note="x", seen_set_at=None
        )
    assert "practitioner or a reflective supervisor" in refused.value.errors[""][0]
    with pytest.raises(RecordInvalid):
        staff_qualification_set(
            person=world.outsider, by=world.manager, qualified=True, note="x", seen_set_at=None
        )


def test_a_change_made_since_the_page_was_opened_is_not_overwritten(world):
    staff_qualification_set(
        person=world.practitioner, by=world.manager, qualified=True, note="Trained", seen_set_at=None
    )
    # A second page, opened before that save, still thinks it was never set
    with pytest.raises(RecordInvalid) as refused:
        staff_qualification_set(
            person=world.practitioner, by=world.manager, qualified=False, note="", seen_set_at=None
        )
    assert "changed this" in refused.value.errors[""][0]
    assert relationship_therapy_qualified(user=world.practitioner)


def test_the_staff_page_shows_the_control_to_a_manager_only(world, signed_in, client):
    signed_in(world.manager)
    page = client.get("/staff/").content.decode()
    assert f"/staff/{world.practitioner.uuid}/qualification/" in page
    assert "Not marked qualified" in page
    client.logout()
    signed_in(world.admin)
    page = client.get("/staff/").content.decode()
    assert "/qualification/" not in page and "Not marked qualified" in page


def test_the_manager_s_form_saves_it_and_keeps_what_was_typed_on_error(world, signed_in, client):
    signed_in(world.manager)
    url = f"/staff/{world.practitioner.uuid}/qualification/"
    response = client.post(url, {"qualified": "on", "note": "", "seen_set_at": ""})
    assert response.status_code == 200 and "Say what it rests on" in response.content.decode()
    response = client.post(url, {"qualified": "on", "note": "IMH training; RS/C monthly", "seen_set_at": ""})
    assert response.status_code == 302
    assert relationship_therapy_qualified(user=world.practitioner)
