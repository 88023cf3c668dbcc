"""The pages that list visits, services and group attendance cost the same queries for few rows or many."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nestling.families.models import subject_of
from nestling.plans.models import ServiceType
from nestling.visits.models import VisitService
from tests.factories import families as make
from tests.factories.plans import GoalFactory
from tests.factories.visits import (
    GroupAttendanceFactory,
    GroupSessionFactory,
    NoteAddendumFactory,
    VisitFactory,
    VisitNoteFactory,
)
from tests.visits.conftest import days


def _queries(client, url: str) -> int:
    client.get(url)  # the first request of a session reads what later ones find cached
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _held_visits(world, household, count: int, start: int) -> None:
    services = list(ServiceType.objects.filter(organization__isnull=True)[:3])
    for n in range(count):
        visit = VisitFactory(
            family=household.family,
            practitioner=world.practitioner,
            visit_on=days(-(start + n)),
            status="completed",
            starts_at=datetime.time(9, 0),
        )
        visit.present.add(subject_of(household.mother), subject_of(household.baby))
        for service in services:
            VisitService.objects.create(
                organization=world.org,
                visit=visit,
                service_type=service,
                subject=subject_of(household.pair),
                delivered_by=world.practitioner,
            )
        note = VisitNoteFactory(visit=visit, signed=True)
        NoteAddendumFactory(note=note)
        VisitFactory(family=household.family, practitioner=world.practitioner, visit_on=days(start + n))


def _groups(world, household, count: int, start: int) -> None:
    for n in range(count):
        session = GroupSessionFactory(
            program=world.program, held_on=days(-(start + n)), facilitators=[world.practitioner]
        )
        GroupAttendanceFactory(
            session=session, family=household.family, present=[household.mother, household.baby]
        )
        GroupAttendanceFactory(
            session=session, family=world.family_c, present=[make.CaregiverFactory(family=world.family_c)]
        )


def test_the_family_page_and_history_cost_the_same_for_1_or_8_visits_and_groups(world, household, signed_in):
    client = signed_in(world.practitioner)
    _held_visits(world, household, 1, 1)
    _groups(world, household, 1, 1)
    page, history = f"/families/{household.family.uuid}/", f"/families/{household.family.uuid}/history/"
    few = (_queries(client, page), _queries(client, history), _queries(client, f"{page}visits/"))
    _held_visits(world, household, 7, 10)
    _groups(world, household, 7, 10)
    assert (_queries(client, page), _queries(client, history), _queries(client, f"{page}visits/")) == few


def test_the_visit_page_costs_the_same_for_few_or_many_people_services_and_addenda(
    world, household, signed_in
):
    client = signed_in(world.practitioner)
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, status="completed")
    visit.present.add(subject_of(household.mother))
    note = VisitNoteFactory(visit=visit, signed=True)
    NoteAddendumFactory(note=note)
    url = f"/families/{household.family.uuid}/visits/{visit.uuid}/"
    few = _queries(client, url)
    for service in ServiceType.objects.filter(organization__isnull=True):
        for person in (household.mother, household.baby, household.pair):
            VisitService.objects.create(
                organization=world.org,
                visit=visit,
                service_type=service,
                subject=subject_of(person),
                delivered_by=world.practitioner,
            )
    visit.present.add(subject_of(household.baby))
    visit.goals.add(GoalFactory(about=household.pair), GoalFactory(about=household.mother))
    for _ in range(4):
        NoteAddendumFactory(note=note)
    assert _queries(client, url) == few


def test_the_record_form_costs_the_same_for_few_or_many_goals(world, household, signed_in):
    client = signed_in(world.practitioner)
    visit = VisitFactory(family=household.family, practitioner=world.practitioner)
    GoalFactory(about=household.pair)
    url = f"/families/{household.family.uuid}/visits/{visit.uuid}/record/"
    few = _queries(client, url)
    for _ in range(5):
        GoalFactory(about=household.mother)
    assert _queries(client, url) == few


def test_the_program_s_groups_and_a_session_cost_the_same_for_few_or_many(world, household, signed_in):
    client = signed_in(world.practitioner)
    _groups(world, household, 1, 1)
    session = GroupSessionFactory(program=world.program, facilitators=[world.practitioner, world.supervisor])
    GroupAttendanceFactory(session=session, family=household.family, present=[household.mother])
    urls = (f"/programs/{world.program.uuid}/groups/", f"/groups/{session.uuid}/")
    few = [_queries(client, url) for url in urls]
    _groups(world, household, 6, 10)
    GroupAttendanceFactory(
        session=session, family=world.family_b, present=[make.CaregiverFactory(family=world.family_b)]
    )
    GroupAttendanceFactory(
        session=session, family=world.family_c, present=[make.CaregiverFactory(family=world.family_c)]
    )
    assert [_queries(client, url) for url in urls] == few
