"""The supervisor's view: each supervisee's load, with warnings, in a fixed number of queries."""

from __future__ import annotations

import datetime

from nestling.accounts.models import Role, Supervision
from nestling.workforce.models import StaffProfile, WorkforcePolicy
from tests.factories.accounts import UserFactory
from tests.factories.families import CaseloadAssignmentFactory, FamilyFactory
from tests.factories.workforce import rsc_session, training

TODAY = datetime.date.today()


def _supervisee(world, n: int):
    person = UserFactory(organization=world.org, email=f"extra{n}@own.test", roles=[Role.PRACTITIONER])
    Supervision.objects.create(
        organization=world.org, supervisor=world.supervisor, supervisee=person, starts_on=TODAY
    )
    CaseloadAssignmentFactory(
        family=FamilyFactory(program=world.program, name=f"Household E{n}"), practitioner=person
    )
    training(person)
    rsc_session(world.supervisor, [person], days_ago=3)
    return person


def test_the_team_page_reads_in_a_fixed_number_of_queries(
    world, signed_in, client, django_assert_max_num_queries
):
    signed_in(world.supervisor)
    _supervisee(world, 1)
    client.get("/team/")
    with django_assert_max_num_queries(60) as one:
        assert client.get("/team/").status_code == 200
    for n in range(2, 6):
        _supervisee(world, n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/team/").content.decode()
    assert page.count('data-testid="load"') == 6


def test_it_warns_of_too_many_supervisees_and_a_caseload_past_capacity(world, signed_in, client):
    WorkforcePolicy.objects.create(organization=world.org, supervisee_limit=1)
    _supervisee(world, 1)
    StaffProfile.objects.create(organization=world.org, user=world.practitioner, caseload_capacity=1)
    signed_in(world.supervisor)
    page = client.get("/team/").content.decode()
    assert 'data-testid="over-limit"' in page and "You supervise 2 people" in page
    assert 'data-testid="over-capacity"' in page and "2 of a capacity of 1" in page


def test_a_lapsed_qualification_shows_why_and_what_would_restore_it(world, signed_in, client):
    training(world.practitioner)
    rsc_session(world.supervisor, [world.practitioner], days_ago=120)
    signed_in(world.supervisor)
    page = client.get("/team/").content.decode()
    assert "Qualification lapsed" in page and "more than 90 days ago" in page
    assert "To be qualified: receive an RS/C session" in page
    assert f"/worklist/?practitioner={world.practitioner.uuid}" in page
    # And the practitioner reads the same on their own record
    client.logout()
    signed_in(world.practitioner)
    page = client.get(f"/staff/{world.practitioner.uuid}/practice/").content.decode()
    assert "Qualification lapsed" in page and "To be qualified" in page
