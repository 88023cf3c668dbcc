"""Scheduling a visit, clashes, what becomes of it, and recording it as held: each refusal says what is
allowed and saves nothing."""

from __future__ import annotations

import datetime
import uuid

import pytest

from nestling.access.denials import AccessDenied
from nestling.audit.models import AuditEvent
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.records.models import RecordChange
from nestling.visits.errors import VisitClash
from nestling.visits.models import Visit, VisitService, VisitStatus
from nestling.visits.selectors import clashes_for
from nestling.visits.services import (
    visit_cancel,
    visit_mark_missed,
    visit_record,
    visit_reschedule,
    visit_schedule,
)
from tests.factories import families as make
from tests.factories.plans import GoalFactory
from tests.factories.visits import VisitFactory
from tests.visits.conftest import days

TEN = datetime.time(10, 0)


def _schedule(world, household, **overrides):
    values = {
        "family": household.family,
        "by": world.practitioner,
        "visit_on": days(2),
        "starts_at": TEN,
        "duration_minutes": 60,
        "setting": "home",
        "place": "Home",
    }
    return visit_schedule(**(values | overrides))


# --- scheduling ---------------------------------------------------------------------------------------


def test_it_schedules_a_visit_led_by_whoever_schedules_it(world, household):
    # When the practitioner schedules a home visit for the day after tomorrow
    visit = _schedule(world, household, co_practitioners=[world.supervisor])
    # Then it is scheduled, led by them, joined by the supervisor, in the open enrollment, and audited
    assert visit.status == VisitStatus.SCHEDULED
    assert visit.practitioner == world.practitioner
    assert list(visit.co_practitioners.all()) == [world.supervisor]
    assert visit.enrollment == household.enrollment
    assert (
        AuditEvent.objects.filter(subject_type="visit", subject_id=str(visit.uuid), action="create").count()
        == 1
    )


def test_a_repeated_submission_schedules_nothing_new(world, household):
    client_id = uuid.uuid4()
    first = _schedule(world, household, client_id=client_id)
    again = _schedule(world, household, client_id=client_id)
    assert again.pk == first.pk
    assert Visit.objects.filter(family=household.family).count() == 1


@pytest.mark.parametrize(
    ("minutes", "shown"), [(0, "0 minutes"), (1200, "1200 minutes"), (4, "4"), (481, "481")]
)
def test_a_length_of_0_or_20_hours_is_refused_saying_what_is_allowed(world, household, minutes, shown):
    # When a visit of 0 minutes, or of 20 hours, is scheduled
    with pytest.raises(RecordInvalid) as refused:
        _schedule(world, household, duration_minutes=minutes)
    # Then the length is refused with the bounds, and nothing is saved
    message = " ".join(refused.value.errors["duration_minutes"])
    assert "from 5 minutes to 8 hours (480 minutes)" in message and shown in message
    assert not Visit.objects.exists()


def test_a_date_more_than_a_year_ahead_is_refused(world, household):
    with pytest.raises(RecordInvalid) as refused:
        _schedule(world, household, visit_on=days(400))
    assert "at most a year ahead" in refused.value.errors["visit_on"][0]


def test_a_practitioner_outside_the_family_s_care_team_is_refused(world, household):
    with pytest.raises(RecordInvalid) as refused:
        _schedule(world, household, practitioner=world.colleague)
    assert "care team" in refused.value.errors["practitioner"][0]


def test_a_family_outside_the_caseload_is_refused(world, household):
    with pytest.raises(AccessDenied):
        _schedule(world, household, family=world.family_c)


def test_an_overlapping_visit_asks_before_scheduling_and_saves_once_confirmed(world, household):
    # Given a visit of the practitioner's to family B from 10:00 to 11:00
    other = VisitFactory(family=world.family_b, practitioner=world.practitioner, visit_on=days(2))
    # When a visit to family A at 10:30 is scheduled
    with pytest.raises(VisitClash) as clash:
        _schedule(world, household, starts_at=datetime.time(10, 30))
    # Then it asks, naming the other visit, and saves nothing
    assert clash.value.clashes == [other]
    assert not Visit.objects.filter(family=household.family).exists()
    # And once confirmed, it is saved
    visit = _schedule(world, household, starts_at=datetime.time(10, 30), confirm_clash=True)
    assert visit.pk is not None


def test_clashes_count_joined_visits_and_late_evenings_but_not_cancelled_or_adjacent_ones(world):
    day = days(5)
    joined = VisitFactory(family=world.family_c, practitioner=world.colleague, visit_on=day)
    joined.co_practitioners.add(world.practitioner)
    VisitFactory(
        family=world.family_b,
        practitioner=world.practitioner,
        visit_on=day,
        starts_at=TEN,
        status="cancelled",
        cancelled_by="family",
    )
    late = VisitFactory(
        family=world.family_b,
        practitioner=world.practitioner,
        visit_on=day - datetime.timedelta(days=1),
        starts_at=datetime.time(23, 30),
        duration_minutes=60,
    )
    # A visit the practitioner joins at 10:00 overlaps 10:30; the cancelled one does not
    assert clashes_for(world.practitioner, day, datetime.time(10, 30), 30) == [joined]
    # The evening visit runs to 00:30 and overlaps midnight's
    assert clashes_for(world.practitioner, day, datetime.time(0, 0), 15) == [late]
    # One that starts when the other ends does not overlap; the visit being moved does not count
    assert clashes_for(world.practitioner, day, datetime.time(11, 0), 30) == []
    assert clashes_for(world.practitioner, day, TEN, 30, exclude=joined) == []


# --- what becomes of a visit --------------------------------------------------------------------------


def test_a_visit_is_marked_missed_from_its_day_not_before(world, household):
    ahead = VisitFactory(family=household.family, practitioner=world.practitioner, visit_on=days(3))
    with pytest.raises(RecordInvalid) as refused:
        visit_mark_missed(visit=ahead, by=world.practitioner, version=ahead.version, reason="not_home")
    assert "from that day on" in refused.value.errors[""][0]
    today = VisitFactory(
        family=household.family, practitioner=world.practitioner, starts_at=datetime.time(8, 0)
    )
    missed = visit_mark_missed(
        visit=today, by=world.practitioner, version=today.version, reason="not_home", note="Left a card"
    )
    assert (missed.status, missed.missed_reason, missed.status_note) == ("missed", "not_home", "Left a card")


def test_a_cancellation_says_by_whom_and_why(world, household):
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, visit_on=days(3))
    with pytest.raises(RecordInvalid) as refused:
        visit_cancel(visit=visit, by=world.practitioner, version=visit.version, cancelled_by="", reason=" ")
    assert set(refused.value.errors) == {"cancelled_by", "status_note"}
    cancelled = visit_cancel(
        visit=visit, by=world.practitioner, version=visit.version, cancelled_by="family", reason="Baby unwell"
    )
    assert (cancelled.status, cancelled.cancelled_by) == ("cancelled", "family")
    # And a cancelled visit is not cancelled again, nor marked missed
    with pytest.raises(RecordInvalid):
        visit_mark_missed(visit=cancelled, by=world.practitioner, version=cancelled.version, reason="no_show")


def test_a_change_from_a_stale_page_is_refused_naming_who_changed_it(world, household):
    # Given a visit opened on two pages
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, visit_on=days(3))
    stale_page = Visit.objects.get(pk=visit.pk)
    # When it is rescheduled from one, then cancelled from the other
    visit_reschedule(
        visit=visit,
        by=world.practitioner,
        version=1,
        cancelled_by="family",
        reason="Appointment clash",
        visit_on=days(6),
        starts_at=TEN,
        duration_minutes=60,
        setting="home",
    )
    with pytest.raises(StaleEdit) as stale:
        visit_cancel(visit=stale_page, by=world.practitioner, version=1, cancelled_by="staff", reason="late")
    # Then the second is refused, naming who changed the visit
    assert world.practitioner.email in str(stale.value)
    assert Visit.objects.get(pk=visit.pk).cancelled_by == "family"


def test_rescheduling_cancels_the_visit_and_links_the_new_one(world, household):
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, visit_on=days(2))
    visit.co_practitioners.add(world.supervisor)
    new = visit_reschedule(
        visit=visit,
        by=world.practitioner,
        version=visit.version,
        cancelled_by="family",
        reason="Grandmother visiting",
        visit_on=days(9),
        starts_at=datetime.time(14, 0),
        duration_minutes=75,
        setting="video",
        place="Video call",
    )
    visit.refresh_from_db()
    assert (visit.status, visit.cancelled_by, visit.rescheduled_to) == ("cancelled", "family", new)
    assert (new.status, new.visit_on, new.setting, new.duration_minutes) == (
        "scheduled",
        days(9),
        "video",
        75,
    )
    assert list(new.co_practitioners.all()) == [world.supervisor]
    # And a visit is rescheduled once
    with pytest.raises(RecordInvalid):
        visit_reschedule(
            visit=visit,
            by=world.practitioner,
            version=visit.version,
            cancelled_by="family",
            reason="again",
            visit_on=days(10),
            starts_at=TEN,
            duration_minutes=60,
            setting="home",
        )


def test_a_missed_visit_stays_missed_when_rescheduled(world, household):
    visit = VisitFactory(
        family=household.family, practitioner=world.practitioner, status="missed", missed_reason="no_show"
    )
    new = visit_reschedule(
        visit=visit,
        by=world.practitioner,
        version=visit.version,
        cancelled_by="",
        reason="",
        visit_on=days(1),
        starts_at=TEN,
        duration_minutes=60,
        setting="home",
    )
    visit.refresh_from_db()
    assert (visit.status, visit.rescheduled_to) == ("missed", new)


def test_a_stale_reschedule_makes_no_new_visit(world, household):
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, visit_on=days(2))
    # The page was opened, then someone else changed the visit
    Visit.objects.filter(pk=visit.pk).update(version=2)
    with pytest.raises(StaleEdit):
        visit_reschedule(
            visit=visit,
            by=world.practitioner,
            version=1,
            cancelled_by="staff",
            reason="Training day",
            visit_on=days(8),
            starts_at=TEN,
            duration_minutes=60,
            setting="home",
        )
    assert Visit.objects.filter(family=household.family).count() == 1


# --- recording a visit as held ------------------------------------------------------------------------


def _record(world, visit, **overrides):
    values = {"visit": visit, "by": world.practitioner, "version": visit.version, "present": []}
    return visit_record(**(values | overrides))


def test_a_visit_in_the_future_cannot_be_recorded_as_held(world, household):
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, visit_on=days(1))
    with pytest.raises(RecordInvalid) as refused:
        _record(world, visit, present=[household.mother])
    assert "a day still to come" in refused.value.errors[""][0]
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SCHEDULED


def test_a_visit_before_the_family_s_enrollment_cannot_be_recorded(world, household):
    visit = VisitFactory(
        family=household.family,
        practitioner=world.practitioner,
        visit_on=days(-120),
        enrollment=household.enrollment,
    )
    with pytest.raises(RecordInvalid) as refused:
        _record(world, visit, present=[household.mother])
    assert "before the family's enrollment" in refused.value.errors[""][0]


def test_a_child_present_before_their_birth_or_not_born_yet_is_refused(world, household):
    # Given a visit 90 days ago (enrolled 90 days ago), a baby born 60 days ago and one not born yet
    born_later = make.ChildFactory(family=household.family, given_name="Rowan", date_of_birth=days(-60))
    unborn = make.ChildFactory(family=household.family, given_name="", date_of_birth=None, due_date=days(40))
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, visit_on=days(-90))
    with pytest.raises(RecordInvalid) as refused:
        _record(world, visit, present=[household.mother, born_later, unborn])
    messages = " ".join(refused.value.errors["present"])
    assert "Rowan Synthetic was not born yet on this date" in messages
    assert "Baby Synthetic is not born yet" in messages


def test_a_visit_with_nobody_present_is_refused(world, household):
    visit = VisitFactory(
        family=household.family, practitioner=world.practitioner, starts_at=datetime.time(8, 0)
    )
    with pytest.raises(RecordInvalid) as refused:
        _record(world, visit)
    assert "Say who was there" in refused.value.errors["present"][0]
    # Others named by role are enough
    assert _record(world, visit, others_present="Foster carer").status == VisitStatus.COMPLETED


def test_recording_keeps_who_was_there_the_services_for_each_patient_and_the_goals(world, household, service):
    goal = GoalFactory(about=household.pair)
    visit = VisitFactory(
        family=household.family, practitioner=world.practitioner, starts_at=datetime.time(8, 0)
    )
    held = _record(
        world,
        visit,
        present=[household.mother, household.baby],
        interpreter_language="Somali",
        services=[
            (service("emotional_support"), household.pair),
            (service("case_management"), household.mother),
        ],
        goals=[goal],
    )
    assert held.status == VisitStatus.COMPLETED and held.recorded_by == world.practitioner
    assert {s.pk for s in held.present.all()} == {household.mother.uuid, household.baby.uuid}
    rows = {
        (r.service_type.code, r.subject_id, r.delivered_by_id)
        for r in VisitService.objects.filter(visit=held)
    }
    assert rows == {
        ("emotional_support", household.pair.uuid, world.practitioner.pk),
        ("case_management", household.mother.uuid, world.practitioner.pk),
    }
    assert list(held.goals.all()) == [goal]
    # And correcting the record replaces the services, versioned, with its history
    again = _record(
        world,
        held,
        version=held.version,
        present=[household.mother],
        services=[(service("advocacy"), household.mother)],
    )
    assert [r.service_type.code for r in VisitService.objects.filter(visit=again)] == ["advocacy"]
    assert RecordChange.objects.filter(record_uuid=visit.uuid).count() == 2


def test_recording_from_a_stale_page_saves_nothing(world, household, service):
    visit = VisitFactory(
        family=household.family, practitioner=world.practitioner, starts_at=datetime.time(8, 0)
    )
    _record(world, visit, present=[household.mother])
    with pytest.raises(StaleEdit):
        _record(
            world,
            visit,
            version=1,
            present=[household.baby],
            services=[(service("advocacy"), household.baby)],
        )
    assert not VisitService.objects.filter(visit=visit).exists()
    assert [s.pk for s in Visit.objects.get(pk=visit.pk).present.all()] == [household.mother.uuid]


def test_relationship_therapy_needs_a_qualified_practitioner_and_says_why(world, household, service, qualify):
    visit = VisitFactory(
        family=household.family, practitioner=world.practitioner, starts_at=datetime.time(8, 0)
    )
    cpp = service("child_parent_psychotherapy")
    # When a practitioner not qualified records child-parent psychotherapy for the relationship
    with pytest.raises(RecordInvalid) as refused:
        _record(world, visit, present=[household.mother, household.baby], services=[(cpp, household.pair)])
    # Then it is refused, saying why and what would change it, and nothing is saved
    message = refused.value.errors["service_child_parent_psychotherapy"][0]
    assert "specialized infant mental health training and current reflective supervision" in message
    assert "no specialized infant mental health training is recorded as completed" in message
    assert "To be qualified: record a completed specialized infant mental health training" in message
    assert not VisitService.objects.exists()
    # And once their training and RS/C are recorded, it is recorded
    qualify(world.practitioner)
    _record(world, visit, present=[household.mother, household.baby], services=[(cpp, household.pair)])
    assert VisitService.objects.filter(visit=visit, service_type=cpp).exists()
    # And a colleague not qualified who corrects the record keeps the therapy already recorded
    qualify(world.practitioner, False)
    visit.refresh_from_db()
    _record(world, visit, version=visit.version, present=[household.mother], services=[(cpp, household.pair)])
    assert VisitService.objects.filter(visit=visit, service_type=cpp).count() == 1


def test_a_goal_or_person_of_another_family_is_refused(world, household, service):
    other = make.CaregiverFactory(family=world.family_b)
    goal = GoalFactory(about=other)
    visit = VisitFactory(
        family=household.family, practitioner=world.practitioner, starts_at=datetime.time(8, 0)
    )
    with pytest.raises(RecordInvalid) as refused:
        _record(world, visit, present=[other], goals=[goal], services=[(service("advocacy"), other)])
    assert set(refused.value.errors) >= {"present", "goals", "service_advocacy"}


def test_a_cancelled_visit_is_not_recorded_as_held(world, household):
    visit = VisitFactory(
        family=household.family, practitioner=world.practitioner, status="cancelled", cancelled_by="staff"
    )
    with pytest.raises(RecordInvalid) as refused:
        _record(world, visit, present=[household.mother])
    assert "only a visit that took place" in refused.value.errors[""][0]
