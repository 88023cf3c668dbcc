"""Qualification for relationship-based therapy is computed from training and RS/C records; a program
manager may override it for a season, with a reason and an end date, on the staff page."""

from __future__ import annotations

import datetime

import pytest

from nestling.access.denials import AccessDenied
from nestling.audit.models import AuditEvent
from nestling.records.errors import RecordInvalid
from nestling.workforce.models import StaffProfile
from nestling.workforce.selectors.qualification import relationship_therapy_qualified
from nestling.workforce.services import staff_qualification_set

SOON = datetime.date.today() + datetime.timedelta(days=30)


def test_a_manager_s_override_qualifies_until_its_end_date_and_is_audited(world):
    assert not relationship_therapy_qualified(user=world.practitioner)
    profile = staff_qualification_set(
        person=world.practitioner,
        by=world.manager,
        qualified=True,
        note="IMH certificate from another state; RS/C with an outside consultant",
        seen_set_at=None,
        until=SOON,
    )
    assert relationship_therapy_qualified(user=world.practitioner)
    assert (profile.qualified_set_by, profile.qualified_until) == (world.manager, SOON)
    row = AuditEvent.objects.get(subject_type="staffprofile", subject_id=str(world.practitioner.uuid))
    assert row.detail["after"] == {
        "qualified": True,
        "note": profile.qualified_note,
        "until": SOON.isoformat(),
    }
    # Once the end date has passed, the records decide again
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    StaffProfile.objects.filter(pk=profile.pk).update(qualified_until=yesterday)
    assert not relationship_therapy_qualified(user=world.practitioner)


def test_no_one_but_a_manager_sets_it(world):
    for person in (world.practitioner, world.supervisor, world.admin, world.privacy):
        with pytest.raises(AccessDenied):
            staff_qualification_set(
                person=world.practitioner, by=person, qualified=True, note="x", seen_set_at=None, until=SOON
            )
    assert not StaffProfile.objects.exists()


def test_it_needs_a_reason_an_end_date_and_a_clinical_role(world):
    with pytest.raises(RecordInvalid) as refused:
        staff_qualification_set(
            person=world.practitioner, by=world.manager, qualified=True, note=" ", seen_set_at=None
        )
    assert "Give the reason" in refused.value.errors["note"][0]
    assert "last day the decision holds" in refused.value.errors["until"][0]
    far = datetime.date.today() + datetime.timedelta(days=400)
    with pytest.raises(RecordInvalid) as refused:
        staff_qualification_set(
            person=world.practitioner, by=world.manager, qualified=True, note="x", seen_set_at=None, until=far
        )
    assert "180 days" in refused.value.errors["until"][0]
    with pytest.raises(RecordInvalid) as refused:
        staff_qualification_set(
            person=world.admin, by=world.manager, qualified=True, note="x", seen_set_at=None, until=SOON
        )
    assert "practitioner or a reflective supervisor" in refused.value.errors[""][0]
    with pytest.raises(RecordInvalid):
        staff_qualification_set(
            person=world.outsider, by=world.manager, qualified=True, note="x", seen_set_at=None, until=SOON
        )


def test_a_change_made_since_the_page_was_opened_is_not_overwritten(world):
    staff_qualification_set(
        person=world.practitioner,
        by=world.manager,
        qualified=True,
        note="Trained",
        seen_set_at=None,
        until=SOON,
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
    assert "Not qualified" in page
    client.logout()
    signed_in(world.admin)
    page = client.get("/staff/").content.decode()
    assert "/qualification/" not in page and "Not qualified" in page


def test_the_manager_s_form_saves_it_and_keeps_what_was_typed_on_error(world, signed_in, client):
    signed_in(world.manager)
    url = f"/staff/{world.practitioner.uuid}/qualification/"
    until = SOON.isoformat()
    response = client.post(url, {"qualified": "on", "note": "", "until": until, "seen_set_at": ""})
    assert response.status_code == 200 and "Give the reason" in response.content.decode()
    response = client.post(
        url, {"qualified": "on", "note": "IMH training; RS/C monthly", "until": until, "seen_set_at": ""}
    )
    assert response.status_code == 302
    assert relationship_therapy_qualified(user=world.practitioner)
