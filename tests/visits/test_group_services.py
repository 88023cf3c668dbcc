"""A program's group sessions and each family's attendance, which stays in that family's record."""

from __future__ import annotations

import datetime

import pytest

from nestling.access.denials import AccessDenied
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.visits.group_selectors import group_session_page, program_sessions
from nestling.visits.models import GroupAttendance, GroupSession
from nestling.visits.services import group_attendance_record, group_attendance_update, group_session_create
from tests.factories import families as make
from tests.factories.organizations import ProgramFactory
from tests.factories.visits import GroupAttendanceFactory, GroupSessionFactory
from tests.visits.conftest import days


def _session(world, **overrides):
    values = {
        "program": world.program,
        "by": world.practitioner,
        "kind": "parent_baby",
        "topic": "Tummy time together",
        "held_on": days(-1),
        "starts_at": datetime.time(10, 0),
        "duration_minutes": 90,
        "place": "Library community room",
        "facilitators": [world.practitioner, world.supervisor],
    }
    return group_session_create(**(values | overrides))


def test_a_practitioner_of_the_program_adds_a_session(world):
    session = _session(world)
    assert session.program == world.program
    assert set(session.facilitators.all()) == {world.practitioner, world.supervisor}


def test_a_session_refuses_a_bad_length_no_topic_no_facilitator_and_a_date_too_far(world):
    with pytest.raises(RecordInvalid) as refused:
        _session(world, duration_minutes=0, topic=" ", facilitators=[], held_on=days(500), place="")
    assert set(refused.value.errors) == {"duration_minutes", "topic", "facilitators", "held_on", "place"}
    assert "A group session lasts from 5 minutes to 8 hours" in refused.value.errors["duration_minutes"][0]
    assert not GroupSession.objects.exists()


def test_someone_outside_the_program_adds_no_session(world):
    # The supervisor carries no family; the outsider is of another organization
    for person in (world.supervisor, world.outsider, world.admin):
        with pytest.raises(AccessDenied):
            _session(world, by=person)
    other_program = ProgramFactory(organization=world.org)
    with pytest.raises(AccessDenied):
        _session(world, program=other_program)
    # The program's manager does
    assert _session(world, by=world.manager).pk


def test_a_family_s_practitioner_records_who_of_them_came(world, household):
    session = GroupSessionFactory(program=world.program, facilitators=[world.colleague])
    attendance = group_attendance_record(
        session=session,
        family=household.family,
        by=world.practitioner,
        present=[household.mother, household.baby],
        note="Maya joined the singing; Ivy watched the other babies.",
    )
    assert {s.pk for s in attendance.present.all()} == {household.mother.uuid, household.baby.uuid}
    # Once per family and session
    with pytest.raises(RecordInvalid):
        group_attendance_record(
            session=session, family=household.family, by=world.practitioner, present=[household.mother]
        )
    # And it is changed from the version read
    updated = group_attendance_update(
        attendance=attendance,
        by=world.practitioner,
        version=1,
        present=[household.mother],
        note="Ivy stayed home",
    )
    assert [s.pk for s in updated.present.all()] == [household.mother.uuid]
    with pytest.raises(StaleEdit):
        group_attendance_update(
            attendance=attendance, by=world.practitioner, version=1, present=[household.baby]
        )


def test_attendance_is_refused_for_a_future_session_nobody_present_or_a_family_of_another_program(
    world, household
):
    ahead = GroupSessionFactory(program=world.program, held_on=days(7))
    with pytest.raises(RecordInvalid) as refused:
        group_attendance_record(session=ahead, family=household.family, by=world.practitioner, present=[])
    assert set(refused.value.errors) == {"", "present"}
    elsewhere = GroupSessionFactory(program=ProgramFactory(organization=world.org))
    with pytest.raises(RecordInvalid) as refused:
        group_attendance_record(
            session=elsewhere, family=household.family, by=world.practitioner, present=[household.mother]
        )
    assert "not in the program" in refused.value.errors["family"][0]
    assert not GroupAttendance.objects.exists()


def test_attendance_of_a_family_is_written_only_by_whoever_carries_it(world, household):
    session = GroupSessionFactory(program=world.program, facilitators=[world.colleague])
    # The colleague facilitates, but does not carry family A
    with pytest.raises(AccessDenied):
        group_attendance_record(
            session=session, family=household.family, by=world.colleague, present=[household.mother]
        )


def test_the_session_page_names_only_the_families_the_reader_may_see(world, household):
    session = GroupSessionFactory(program=world.program, facilitators=[world.practitioner, world.colleague])
    GroupAttendanceFactory(session=session, family=household.family, present=[household.mother])
    GroupAttendanceFactory(
        session=session, family=world.family_c, present=[make.CaregiverFactory(family=world.family_c)]
    )
    # The practitioner sees family A and is told of one other; the colleague the reverse; the manager both
    mine = group_session_page(actor=world.practitioner, session=session)
    assert [r.attendance.family.name for r in mine.rows] == ["Household A"] and mine.others == 1
    theirs = group_session_page(actor=world.colleague, session=session)
    assert [r.attendance.family.name for r in theirs.rows] == ["Household C"] and theirs.others == 1
    assert group_session_page(actor=world.manager, session=session).others == 0
    # And the program's list counts families, never names them
    listed = program_sessions(actor=world.practitioner, program=world.program)
    assert [s.families_count for s in listed] == [2]
