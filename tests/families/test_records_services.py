"""Enrollment episodes, consents and risk factors, written through their services."""

from __future__ import annotations

import datetime

import pytest

from nestling.audit.models import AuditAction, AuditEvent
from nestling.families.duplicates import names_similar, possible_duplicates
from nestling.families.errors import PossibleDuplicate
from nestling.families.models import Child, ServiceLevelChange
from nestling.families.selectors import consent_active
from nestling.families.services.consent import consent_create, consent_revoke
from nestling.families.services.discharge import enrollment_discharge
from nestling.families.services.enrollment import enrollment_create, enrollment_update
from nestling.families.services.people import child_create
from nestling.families.services.risk import risk_factor_create
from nestling.records.errors import RecordInvalid
from tests.factories.families import CaregiverFactory, ChildFactory, ConsentFactory, EnrollmentFactory
from tests.factories.organizations import ProgramFactory

DAY = datetime.timedelta(days=1)


def _discharge(world, episode, on):
    return enrollment_discharge(
        enrollment=episode,
        by=world.practitioner,
        version=episode.version,
        discharged_on=on,
        reason="moved",
        summary="The family moved out of the county.",
        decisions={},
    )


def _enroll(world, on, **extra):
    return enrollment_create(
        family=world.family_a,
        by=world.practitioner,
        program=world.program,
        enrolled_on=on,
        referral_source="prenatal",
        service_level="promotion",
        **extra,
    )


def test_a_family_is_enrolled_once_per_program_at_a_time_and_re_enrolled_after_discharge(world, today):
    first = _enroll(world, today - 100 * DAY)
    with pytest.raises(RecordInvalid):
        _enroll(world, today)
    _discharge(world, first, today - 10 * DAY)
    again = _enroll(world, today)
    assert again.previous == first
    assert AuditEvent.objects.get(subject_id=str(again.uuid)).detail["reenrollment_of"] == str(first.uuid)


def test_re_enrollment_cannot_start_before_the_last_discharge(world, today):
    first = _enroll(world, today - 100 * DAY)
    _discharge(world, first, today - 5 * DAY)
    with pytest.raises(RecordInvalid) as refusal:
        _enroll(world, today - 20 * DAY)
    assert "enrolled_on" in refusal.value.errors


def test_a_change_of_service_level_is_kept_as_history(world, today):
    episode = _enroll(world, today - 60 * DAY)
    enrollment_update(
        enrollment=episode,
        by=world.practitioner,
        version=1,
        service_level="intervention",
        level_changed_on=today - 3 * DAY,
        level_reason="EPDS raised; dyadic therapy",
    )
    levels = list(ServiceLevelChange.objects.filter(enrollment=episode).values_list("level", "changed_on"))
    assert levels == [("promotion", today - 60 * DAY), ("intervention", today - 3 * DAY)]


def test_an_open_episode_is_not_discharged_by_an_edit_but_on_its_own_page(world, today):
    episode = _enroll(world, today - 60 * DAY)
    with pytest.raises(RecordInvalid) as refusal:
        enrollment_update(
            enrollment=episode,
            by=world.practitioner,
            version=1,
            discharged_on=today - 1 * DAY,
            discharge_reason="moved",
            discharge_note="Moved away.",
        )
    assert set(refusal.value.errors) == {"discharged_on"}


def test_a_discharge_is_corrected_but_never_undone_by_an_edit(world, today):
    episode = _discharge(world, _enroll(world, today - 60 * DAY), today - 5 * DAY)
    corrected = enrollment_update(
        enrollment=episode, by=world.practitioner, version=episode.version, discharged_on=today - 6 * DAY
    )
    assert corrected.discharged_on == today - 6 * DAY
    with pytest.raises(RecordInvalid) as refusal:
        enrollment_update(
            enrollment=corrected,
            by=world.practitioner,
            version=corrected.version,
            discharged_on=None,
            discharge_reason="",
        )
    assert "discharged_on" in refusal.value.errors


def test_prenatal_enrollment_is_allowed_before_any_child_is_born(world, today):
    child_create(family=world.family_a, by=world.practitioner, family_name="Quill", due_date=today + 60 * DAY)
    assert _enroll(world, today).pk


def test_enrollment_in_another_organizations_program_is_refused(world, today):
    foreign = ProgramFactory()
    with pytest.raises(RecordInvalid) as refusal:
        enrollment_create(
            family=world.family_a,
            by=world.practitioner,
            program=foreign,
            enrolled_on=today,
            referral_source="self",
            service_level="promotion",
        )
    assert "program" in refusal.value.errors


def test_a_part_2_consent_is_refused_until_every_required_element_is_there(world, today, grant):
    grant(world.practitioner)  # a Part 2 consent is substance use information itself
    mother = CaregiverFactory(family=world.family_a)
    with pytest.raises(RecordInvalid) as refusal:
        consent_create(
            family=world.family_a, by=world.practitioner, kind="part2", given_on=today, given_by=mother
        )
    assert set(refusal.value.errors) == {
        "discloser",
        "information",
        "recipient",
        "purpose",
        "expires_on",
        "right_to_revoke_explained",
        "signed",
    }
    consent = consent_create(
        family=world.family_a,
        by=world.practitioner,
        kind="part2",
        given_on=today,
        given_by=mother,
        discloser="Outpatient treatment program",
        information="Attendance and progress",
        recipient="Home visitor",
        purpose="Coordinate care",
        expiry_event="End of services",
        right_to_revoke_explained=True,
        signed=True,
    )
    assert consent_active(family=world.family_a, kind="part2").get() == consent


def test_a_part_2_consent_is_given_by_the_patient_not_someone_else(world, today):
    with pytest.raises(RecordInvalid) as refusal:
        consent_create(
            family=world.family_a, by=world.practitioner, kind="part2", given_on=today, given_by_other="Aunt"
        )
    assert "given_by" in refusal.value.errors


def test_expired_and_revoked_consents_no_longer_count(world, today):
    expired = ConsentFactory(
        family=world.family_a, kind="data_sharing", recipient="Clinic", expires_on=today - DAY
    )
    live = ConsentFactory(family=world.family_a, kind="data_sharing", recipient="Clinic")
    assert list(consent_active(family=world.family_a, kind="data_sharing")) == [live]
    assert list(consent_active(family=world.family_a, kind="data_sharing", on=today - 2 * DAY)) != []
    assert expired not in consent_active(family=world.family_a, kind="data_sharing")
    consent_revoke(consent=live, by=world.practitioner, version=1, revoked_on=today, note="Changed her mind")
    assert not consent_active(family=world.family_a, kind="data_sharing").exists()
    assert consent_active(family=world.family_a, kind="data_sharing", on=today - DAY).exists()
    assert not consent_active(family=world.family_a, kind="data_sharing", recipient="Other").exists()


def test_a_consent_is_revoked_only_once(world, today):
    consent = ConsentFactory(family=world.family_a)
    revoked = consent_revoke(consent=consent, by=world.practitioner, version=1, revoked_on=today)
    with pytest.raises(RecordInvalid):
        consent_revoke(consent=revoked, by=world.practitioner, version=revoked.version, revoked_on=today)


def test_a_sensitive_factor_is_audited_under_its_category(world, today):
    mother = CaregiverFactory(family=world.family_a)
    factor = risk_factor_create(
        family=world.family_a,
        by=world.practitioner,
        kind="risk",
        group="caregiver_mental_health",
        description="Alcohol use",
        noted_on=today,
        source="caregiver",
        caregiver=mother,
        sensitive_category="substance_use",
    )
    row = AuditEvent.objects.get(action=AuditAction.CREATE, subject_id=str(factor.uuid))
    assert row.category == "substance_use"


def test_a_factor_is_about_someone_of_the_household(world, today):
    stranger = ChildFactory(family=world.family_b)
    with pytest.raises(RecordInvalid) as refusal:
        risk_factor_create(
            family=world.family_a,
            by=world.practitioner,
            kind="risk",
            group="biological",
            description="Low birth weight",
            noted_on=today,
            source="records",
            child=stranger,
        )
    assert "child" in refusal.value.errors


@pytest.mark.parametrize(
    ("typed", "known", "similar"),
    [
        (("Zoë", "O'Neil"), ("zoe", "ONeil"), True),
        (("Juniper", "Moss"), ("Junipre", "Moss"), True),
        (("", "Moss"), ("Baby", "Moss"), True),  # not named yet
        (("Juniper", "Moss"), ("Rowan", "Moss"), False),
        (("Juniper", "Moss"), ("Juniper", "Stone-Whitacre"), False),
    ],
)
def test_names_are_similar_without_case_accents_or_punctuation(typed, known, similar):
    assert names_similar(*typed, *known) is similar


def test_a_possible_duplicate_is_found_across_the_organization_but_not_outside_it(world):
    born = datetime.date(2024, 5, 5)
    ChildFactory(family=world.family_c, given_name="Rowan", family_name="Abara", date_of_birth=born)
    ChildFactory(family=world.family_x, given_name="Rowan", family_name="Abara", date_of_birth=born)
    found = possible_duplicates(
        Child, organization_id=world.org.pk, given_name="Rowen", family_name="Abara", date_of_birth=born
    )
    assert [c.family for c in found] == [world.family_c]
    with pytest.raises(PossibleDuplicate):
        child_create(
            family=world.family_a,
            by=world.practitioner,
            given_name="Rowan",
            family_name="Abara",
            date_of_birth=born,
        )
    made = child_create(
        family=world.family_a,
        by=world.practitioner,
        given_name="Rowan",
        family_name="Abara",
        date_of_birth=born,
        confirm_duplicate=True,
    )
    row = AuditEvent.objects.get(action=AuditAction.CREATE, subject_id=str(made.uuid))
    assert row.detail["duplicate_confirmed"] == [str(found[0].uuid)]


def test_an_expected_baby_with_the_same_due_date_and_surname_is_a_possible_duplicate(world, today):
    due = today + 30 * DAY
    ChildFactory(family=world.family_b, given_name="", family_name="Quill", date_of_birth=None, due_date=due)
    with pytest.raises(PossibleDuplicate):
        child_create(family=world.family_a, by=world.practitioner, family_name="Quill", due_date=due)


def test_a_repeated_enrollment_submission_makes_one_episode(world, today):
    import uuid

    client_id = uuid.uuid4()
    first = _enroll(world, today, client_id=client_id)
    assert _enroll(world, today, client_id=client_id) == first
    assert EnrollmentFactory._meta.model.objects.count() == 1


def test_a_consent_given_by_a_caregiver_and_someone_else_at_once_is_refused_not_half_kept(world, today):
    mother = CaregiverFactory(family=world.family_a)
    with pytest.raises(RecordInvalid) as refusal:
        consent_create(
            family=world.family_a,
            by=world.practitioner,
            kind="services",
            given_on=today,
            given_by=mother,
            given_by_other="Aunt Lou",
        )
    assert "not both" in refusal.value.errors["given_by_other"][0]
    assert not world.family_a.consents.exists()


def test_the_same_consent_twice_in_force_is_refused_saying_when_the_first_was_given(world, today):
    mother = CaregiverFactory(family=world.family_a)
    consent_create(
        family=world.family_a, by=world.practitioner, kind="services", given_on=today, given_by=mother
    )
    with pytest.raises(RecordInvalid) as refusal:
        consent_create(
            family=world.family_a, by=world.practitioner, kind="services", given_on=today, given_by=mother
        )
    assert "already in force" in refusal.value.errors[""][0]
    assert world.family_a.consents.count() == 1
