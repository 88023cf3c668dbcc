"""Recording and correcting measurements: checked against the reference, idempotent, audited, and a
correction never overwrites what was first written."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest

from nestling.audit.models import AuditAction, AuditEvent
from nestling.growth.models import Measurement
from nestling.growth.services import measurement_correct, measurement_record
from nestling.records.errors import RecordInvalid
from tests.factories.families import ChildFactory

TODAY = datetime.date.today()


@pytest.fixture
def baby(world):
    return ChildFactory(
        family=world.family_a,
        sex="female",
        date_of_birth=TODAY - datetime.timedelta(days=120),
        birth_weight_grams=3400,
    )


def _record(baby, by, **overrides):
    values = {
        "child": baby,
        "by": by,
        "kind": "weight",
        "value": Decimal("6.1"),
        "measured_on": TODAY,
        "place": "home_scale",
        "note": "",
        "client_id": uuid.uuid4(),
    } | overrides
    return measurement_record(**values)


def test_a_plausible_weight_is_recorded_with_an_audit_row(world, baby):
    measurement = _record(baby, world.practitioner)
    assert measurement.value == Decimal("6.100")
    assert measurement.measured_by == world.practitioner
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, subject_id=str(measurement.uuid), family_uuid=world.family_a.uuid
    ).exists()


def test_a_weight_in_grams_typed_as_kilograms_is_refused_with_the_reason(world, baby):
    with pytest.raises(RecordInvalid) as refusal:
        _record(baby, world.practitioner, value=Decimal("6100"))
    assert "implausible" in refusal.value.errors["value"][0]
    assert not Measurement.objects.exists()


def test_a_weight_far_beyond_the_reference_for_the_age_is_refused(world, baby):
    with pytest.raises(RecordInvalid) as refusal:
        _record(baby, world.practitioner, value=Decimal("30"))
    assert "SD from the WHO median" in refusal.value.errors["value"][0]


def test_a_date_before_birth_or_in_the_future_is_refused(world, baby):
    with pytest.raises(RecordInvalid) as before:
        _record(baby, world.practitioner, measured_on=baby.date_of_birth - datetime.timedelta(days=1))
    with pytest.raises(RecordInvalid) as future:
        _record(baby, world.practitioner, measured_on=TODAY + datetime.timedelta(days=1))
    assert "before the birth date" in before.value.errors["measured_on"][0]
    assert "future" in future.value.errors["measured_on"][0]


def test_a_repeated_submission_creates_nothing_new(world, baby):
    client_id = uuid.uuid4()
    first = _record(baby, world.practitioner, client_id=client_id)
    again = _record(baby, world.practitioner, client_id=client_id)
    assert again.pk == first.pk
    assert Measurement.objects.count() == 1


def test_a_correction_keeps_the_original_and_lists_only_the_latest(world, baby):
    original = _record(baby, world.practitioner, value=Decimal("6.1"))
    corrected = measurement_correct(
        measurement=original,
        by=world.practitioner,
        value=Decimal("6.01"),
        measured_on=TODAY,
        note="misread the scale",
        client_id=uuid.uuid4(),
    )
    original.refresh_from_db()
    assert original.value == Decimal("6.100")
    assert corrected.supersedes == original
    assert list(Measurement.objects.latest_only()) == [corrected]
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGE, subject_id=str(corrected.uuid), detail__supersedes=str(original.uuid)
    ).exists()


def test_a_superseded_measurement_cannot_be_corrected_again(world, baby):
    original = _record(baby, world.practitioner)
    measurement_correct(measurement=original, by=world.practitioner, value=Decimal("6.0"), measured_on=TODAY)
    with pytest.raises(RecordInvalid):
        measurement_correct(
            measurement=original, by=world.practitioner, value=Decimal("5.9"), measured_on=TODAY
        )
    assert Measurement.objects.count() == 2


def test_a_correction_is_checked_like_a_new_measurement(world, baby):
    original = _record(baby, world.practitioner)
    with pytest.raises(RecordInvalid):
        measurement_correct(
            measurement=original, by=world.practitioner, value=Decimal("0.01"), measured_on=TODAY
        )
    assert Measurement.objects.count() == 1


def test_a_preterm_baby_before_term_is_recorded_though_who_has_no_data_yet(world):
    preterm = ChildFactory(
        family=world.family_a,
        sex="male",
        date_of_birth=TODAY - datetime.timedelta(days=20),
        gestation_weeks=30,
        gestation_days=0,
    )
    measurement = _record(preterm, world.practitioner, value=Decimal("1.6"))
    assert measurement.pk is not None
