"""Training records with a private certificate, and the staff profile's two halves, versioned."""

from __future__ import annotations

import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nestling.access.denials import AccessDenied
from nestling.audit.models import AuditEvent
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.records.models import RecordChange
from nestling.workforce.certificates import MAX_BYTES
from nestling.workforce.models import StaffProfile, TrainingRecord
from nestling.workforce.services.profile import staff_profile_update
from nestling.workforce.services.training import TrainingInput, training_record

TODAY = datetime.date.today()
PDF = b"%PDF-1.4 synthetic certificate"


def _given(**changes) -> TrainingInput:
    base = {
        "course": "Synthetic foundations",
        "provider": "Synthetic institute",
        "started_on": TODAY - datetime.timedelta(days=40),
        "completed_on": TODAY - datetime.timedelta(days=10),
        "hours": Decimal(24),
        "competency_areas": ["attachment", "culture"],
        "specialized_imh": True,
    }
    return TrainingInput(**{**base, **changes})


def test_a_practitioner_records_their_own_training_and_not_a_colleague_s(world):
    training = training_record(
        by=world.practitioner, person=world.practitioner, given=_given(), client_id=None
    )
    assert training.competency_areas == ["attachment", "culture"]
    assert AuditEvent.objects.filter(category="training", subject_id=str(training.uuid)).exists()
    with pytest.raises(AccessDenied):
        training_record(by=world.practitioner, person=world.colleague, given=_given(), client_id=None)
    # A manager records anyone's
    training_record(by=world.manager, person=world.colleague, given=_given(), client_id=None)
    assert TrainingRecord.objects.count() == 2


def test_bad_training_is_refused_with_every_problem_named(world):
    with pytest.raises(RecordInvalid) as refused:
        training_record(
            by=world.practitioner,
            person=world.practitioner,
            given=_given(
                course=" ",
                completed_on=TODAY - datetime.timedelta(days=50),
                hours=Decimal(0),
                competency_areas=["astrology"],
            ),
            client_id=None,
        )
    assert set(refused.value.errors) == {"course", "completed_on", "hours", "competency_areas"}
    with pytest.raises(RecordInvalid) as refused:
        training_record(
            by=world.practitioner, person=world.practitioner, given=_given(completed_on=None), client_id=None
        )
    assert "once it is completed" in refused.value.errors["completed_on"][0]
    assert not TrainingRecord.objects.exists()


def test_a_certificate_is_checked_by_its_content_and_size(world):
    renamed = io.BytesIO(b"just text, named certificate.pdf")
    with pytest.raises(RecordInvalid) as refused:
        training_record(
            by=world.practitioner,
            person=world.practitioner,
            given=_given(certificate=renamed, certificate_name="certificate.pdf", certificate_size=32),
            client_id=None,
        )
    assert "PDF, PNG or JPEG" in refused.value.errors["certificate"][0]
    with pytest.raises(RecordInvalid) as refused:
        training_record(
            by=world.practitioner,
            person=world.practitioner,
            given=_given(
                certificate=io.BytesIO(PDF), certificate_name="big.pdf", certificate_size=MAX_BYTES + 1
            ),
            client_id=None,
        )
    assert "at most 5 MB" in refused.value.errors["certificate"][0]


def test_a_certificate_is_kept_privately_and_served_only_to_readers_of_the_record(
    world, signed_in, client, settings
):
    signed_in(world.practitioner)
    upload = SimpleUploadedFile("cert.pdf", PDF, content_type="text/plain")
    response = client.post(
        f"/staff/{world.practitioner.uuid}/training/new/",
        {
            "course": "Synthetic foundations",
            "provider": "Synthetic institute",
            "started_on": (TODAY - datetime.timedelta(days=40)).isoformat(),
            "completed_on": (TODAY - datetime.timedelta(days=10)).isoformat(),
            "hours": "24",
            "competency_areas": ["attachment"],
            "specialized_imh": "on",
            "certificate": upload,
            "client_id": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    training = TrainingRecord.objects.get()
    # Kept under the private data directory, typed by its content, not by what the browser said
    assert training.certificate_type == "application/pdf"
    assert (settings.DATA_DIR / "private" / "certificates" / training.certificate_key).read_bytes() == PDF
    url = f"/training/{training.uuid}/certificate/"
    for reader in (world.practitioner, world.supervisor, world.manager):
        client.logout()
        signed_in(reader)
        response = client.get(url)
        assert response.status_code == 200 and response.content == PDF
        assert response["Content-Type"] == "application/pdf"
    reads = AuditEvent.objects.filter(category="training", subject_id=str(training.uuid), action="read")
    assert reads.count() == 3
    for outsider in (world.colleague, world.admin, world.outsider):
        client.logout()
        signed_in(outsider)
        assert client.get(url).status_code == 404


def test_the_person_and_the_manager_each_keep_their_half_of_the_profile(world):
    profile = staff_profile_update(
        by=world.practitioner,
        person=world.practitioner,
        version=1,
        changes={"languages": " English, Tagalog "},
    )
    assert profile.languages == "English, Tagalog" and profile.version == 2
    with pytest.raises(AccessDenied):
        staff_profile_update(
            by=world.practitioner, person=world.practitioner, version=2, changes={"caseload_capacity": 40}
        )
    with pytest.raises(AccessDenied):
        staff_profile_update(
            by=world.manager, person=world.practitioner, version=2, changes={"languages": "x"}
        )
    profile = staff_profile_update(
        by=world.manager, person=world.practitioner, version=2, changes={"caseload_capacity": 12}
    )
    assert profile.caseload_capacity == 12
    change = RecordChange.objects.get(record_type="workforce.staffprofile", version=3)
    assert (change.before, change.after) == ({"caseload_capacity": None}, {"caseload_capacity": 12})


def test_a_stale_profile_edit_is_refused_naming_who_changed_what(world):
    staff_profile_update(
        by=world.manager, person=world.practitioner, version=1, changes={"caseload_capacity": 12}
    )
    with pytest.raises(StaleEdit) as refused:
        staff_profile_update(
            by=world.manager, person=world.practitioner, version=1, changes={"caseload_capacity": 20}
        )
    assert "manager@own.test" in refused.value.errors[""][0]
    assert StaffProfile.objects.get(user=world.practitioner).caseload_capacity == 12


def test_an_endorsement_needs_its_date_and_renews_after_it(world):
    with pytest.raises(RecordInvalid) as refused:
        staff_profile_update(
            by=world.manager,
            person=world.practitioner,
            version=1,
            changes={
                "endorsement_category": "ifs",
                "endorsement_earned_on": None,
                "endorsement_renews_on": TODAY,
            },
        )
    assert "endorsement_earned_on" in refused.value.errors
