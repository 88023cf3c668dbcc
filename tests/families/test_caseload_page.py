from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.families import CaseloadAssignmentFactory, FamilyFactory


def _queries_for_caseload(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("caseload"))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_caseload_page_costs_the_same_queries_for_2_or_30_families(world, signed_in):
    client = signed_in(world.practitioner)
    client.get(reverse("caseload"))  # warm the session and authenticator checks
    small = _queries_for_caseload(client)
    for _ in range(28):
        CaseloadAssignmentFactory(
            family=FamilyFactory(program=world.program), practitioner=world.practitioner
        )
    large = _queries_for_caseload(client)
    assert large == small
    assert small <= 12


def test_the_family_page_costs_the_same_queries_with_a_larger_care_team(world, signed_in):
    client = signed_in(world.practitioner)
    url = reverse("family_detail", args=[world.family_a.uuid])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for person in (world.colleague, world.supervisor, world.manager):
        CaseloadAssignmentFactory(family=world.family_a, practitioner=person, kind="secondary")
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)


def test_a_new_practitioner_sees_what_to_do_next(world, signed_in):
    world.family_a.assignments.all().delete()
    world.family_b.assignments.all().delete()
    response = signed_in(world.practitioner).get(reverse("caseload"))
    assert "No families yet" in response.content.decode()


def test_the_caseload_lists_only_current_families_with_links(world, signed_in):
    body = signed_in(world.practitioner).get(reverse("caseload")).content.decode()
    assert "Household A" in body and "Household B" in body
    assert "Household C" not in body
    assert reverse("family_detail", args=[world.family_a.uuid]) in body
