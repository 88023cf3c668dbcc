"""What is derived from a record follows it when the record is corrected or re-dated: a corrected weight
re-runs the faltering rules (closing a task whose finding no longer holds, raising one that now does), and
a re-dated enrollment moves the start of its service-level history."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest

from nestling.families.models import ServiceLevelChange
from nestling.families.services.enrollment import enrollment_create, enrollment_update
from nestling.growth.services import measurement_correct, measurement_record
from nestling.records.errors import RecordInvalid
from nestling.tasks.models import Task
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


def _weigh(baby, by, kg: str):
    return measurement_record(
        child=baby, by=by, kind="weight", value=Decimal(kg), measured_on=TODAY, client_id=uuid.uuid4()
    )


def _correct(measurement, by, kg: str):
    return measurement_correct(
        measurement=measurement, by=by, value=Decimal(kg), measured_on=TODAY, note="Typed 4.0 for 7.5"
    )


def test_correcting_a_faltering_weight_closes_the_task_it_raised(world, baby):
    # Given a weight of 4.0 kg at four months, below the 2nd centile, and the task it raised
    wrong = _weigh(baby, world.practitioner, "4.0")
    task = Task.objects.get(kind="faltering_growth")
    assert task.is_open
    # When it is corrected to the 7.5 kg that was measured
    _correct(wrong, world.practitioner, "7.5")
    # Then the task closed by itself, saying why
    task.refresh_from_db()
    assert not task.is_open
    assert task.outcome == "source_corrected"
    assert "The measurement was corrected" in task.outcome_note and "7.5 kg" in task.outcome_note


def test_correcting_a_weight_into_a_faltering_one_raises_the_task(world, baby):
    # Given a plausible 6.1 kg, with no task
    first = _weigh(baby, world.practitioner, "6.1")
    assert not Task.objects.exists()
    # When it is corrected to 4.0 kg
    corrected = _correct(first, world.practitioner, "4.0")
    # Then the faltering rule fires and raises its task, from the corrected row
    task = Task.objects.get(kind="faltering_growth")
    assert task.is_open and task.source == corrected


def test_a_correction_that_still_falters_keeps_the_one_open_task(world, baby):
    wrong = _weigh(baby, world.practitioner, "4.0")
    _correct(wrong, world.practitioner, "4.1")
    assert Task.objects.filter(kind="faltering_growth", done_at__isnull=True).count() == 1


def _enroll(world, on):
    return enrollment_create(
        family=world.family_a,
        by=world.practitioner,
        program=world.program,
        enrolled_on=on,
        referral_source="self",
        service_level="prevention",
    )


def test_re_dating_an_enrollment_moves_the_start_of_its_service_level_history(world):
    # Given an episode entered as starting ten days ago
    episode = _enroll(world, TODAY - datetime.timedelta(days=10))
    # When its date is corrected to forty days ago
    enrollment_update(
        enrollment=episode,
        by=world.practitioner,
        version=episode.version,
        enrolled_on=TODAY - datetime.timedelta(days=40),
    )
    # Then its level history starts on the new date
    (first,) = ServiceLevelChange.objects.filter(enrollment=episode)
    assert first.changed_on == TODAY - datetime.timedelta(days=40)


def test_an_enrollment_cannot_be_re_dated_past_a_later_change_of_level(world):
    episode = _enroll(world, TODAY - datetime.timedelta(days=40))
    episode = enrollment_update(
        enrollment=episode,
        by=world.practitioner,
        version=episode.version,
        service_level="intervention",
        level_changed_on=TODAY - datetime.timedelta(days=20),
    )
    with pytest.raises(RecordInvalid) as refusal:
        enrollment_update(
            enrollment=episode,
            by=world.practitioner,
            version=episode.version,
            enrolled_on=TODAY - datetime.timedelta(days=10),
        )
    assert "before this date" in refusal.value.errors["enrolled_on"][0]
    first = ServiceLevelChange.objects.filter(enrollment=episode).order_by("changed_on").first()
    assert first is not None and first.changed_on == TODAY - datetime.timedelta(days=40)
