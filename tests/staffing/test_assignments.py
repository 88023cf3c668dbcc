"""Assignments: who carries which family, caseloads moved with their tasks, and who supervises whom."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from nestling.access.denials import AccessDenied
from nestling.access.policy import can, caseload_families, visible_families
from nestling.accounts.models import Role, Supervision
from nestling.audit.models import AuditEvent
from nestling.families.models import AssignmentKind, CaseloadAssignment
from nestling.records.errors import RecordInvalid
from nestling.staffing.services.assignments import assignment_end, caseload_move, family_assign
from nestling.staffing.services.supervision import supervision_end, supervision_start
from nestling.tasks.models import Task
from tests.factories.accounts import UserFactory
from tests.factories.families import FamilyFactory
from tests.factories.organizations import ProgramFactory


def _task(family, assignee):
    return Task.objects.create(
        organization=family.organization,
        family=family,
        kind="rescreen",
        text="Screen again",
        due_on=datetime.date.today() + datetime.timedelta(days=7),
        assignee=assignee,
        created_by=assignee,
    )


def test_a_manager_assigns_an_unassigned_family(world):
    family = FamilyFactory(program=world.program, name="Household new")

    family_assign(by=world.manager, family=family, practitioner=world.colleague, kind=AssignmentKind.PRIMARY)

    assert family in caseload_families(world.colleague)


def test_a_new_primary_takes_over_the_previous_ones_tasks(world):
    task = _task(world.family_c, world.colleague)
    left = _task(world.family_c, world.supervisor)

    family_assign(by=world.manager, family=world.family_c, practitioner=world.practitioner, kind="primary")

    assert world.family_c not in caseload_families(world.colleague)
    task.refresh_from_db()
    left.refresh_from_db()
    assert task.assignee == world.practitioner and task.version == 2
    assert left.assignee == world.supervisor


def test_a_secondary_joins_without_ending_the_primary(world):
    family_assign(by=world.manager, family=world.family_c, practitioner=world.practitioner, kind="secondary")

    kinds = set(
        CaseloadAssignment.objects.filter(family=world.family_c, ends_on__isnull=True).values_list("kind")
    )
    assert kinds == {("primary",), ("secondary",)}


def test_only_a_practitioner_can_carry_a_family(world):
    with pytest.raises(RecordInvalid) as refusal:
        family_assign(by=world.manager, family=world.family_c, practitioner=world.privacy, kind="primary")
    assert "no practitioner role" in refusal.value.errors["practitioner"][0]


def test_a_manager_of_another_program_cannot_assign_here(world):
    elsewhere = ProgramFactory(organization=world.org, name="Elsewhere")
    other_manager = UserFactory(organization=world.org, roles=[])
    other_manager.role_assignments.create(organization=world.org, role=Role.MANAGER, program=elsewhere)

    assert not can(other_manager, "assignments.manage", world.family_c)
    with pytest.raises(AccessDenied):
        family_assign(
            by=other_manager, family=world.family_c, practitioner=world.practitioner, kind="primary"
        )


def test_ending_an_assignment_takes_the_family_off_the_caseload(world):
    assignment = CaseloadAssignment.objects.get(family=world.family_c, practitioner=world.colleague)

    assignment_end(by=world.manager, assignment=assignment)

    assert world.family_c not in visible_families(world.colleague)


def test_a_caseload_moves_whole_with_its_tasks_and_reason(world):
    tasks = [_task(world.family_a, world.practitioner), _task(world.family_b, world.practitioner)]

    moved = caseload_move(
        by=world.manager, from_user=world.practitioner, to_user=world.colleague, reason="Leaving the program"
    )

    assert (moved.families, moved.tasks) == (2, 2)
    assert set(caseload_families(world.colleague)) == {world.family_a, world.family_b, world.family_c}
    assert not caseload_families(world.practitioner).exists()
    assert {t.assignee for t in Task.objects.filter(pk__in=[t.pk for t in tasks])} == {world.colleague}
    rows = AuditEvent.objects.filter(category="caseload", reason="Leaving the program")
    assert rows.count() == 2


def test_a_caseload_move_needs_a_reason_and_someone_else(world):
    with pytest.raises(RecordInvalid) as refusal:
        caseload_move(by=world.manager, from_user=world.practitioner, to_user=world.practitioner, reason="")
    assert set(refusal.value.errors) == {"to_user", "reason"}
    assert caseload_families(world.practitioner).count() == 2


def test_a_failed_move_moves_nothing(world, monkeypatch):
    from nestling.staffing.services import assignments

    calls = {"n": 0}
    real = assignments._move_tasks

    def fail_second(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(assignments, "_move_tasks", fail_second)
    with pytest.raises(RuntimeError):
        caseload_move(
            by=world.manager, from_user=world.practitioner, to_user=world.colleague, reason="Leaving soon"
        )

    assert caseload_families(world.practitioner).count() == 2


def test_supervision_starts_and_ends(world):
    link = supervision_start(
        by=world.manager,
        supervisor=world.supervisor,
        supervisee=world.colleague,
        starts_on=datetime.date.today(),
    )
    assert world.family_c in visible_families(world.supervisor)

    supervision_end(by=world.manager, link=link, ends_on=datetime.date.today() - datetime.timedelta(days=0))
    assert Supervision.objects.get(pk=link.pk).ends_on == datetime.date.today()


def test_supervision_refuses_a_future_start_and_a_non_supervisor(world):
    with pytest.raises(RecordInvalid) as refusal:
        supervision_start(
            by=world.manager,
            supervisor=world.colleague,
            supervisee=world.practitioner,
            starts_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert set(refusal.value.errors) == {"supervisor", "starts_on"}


def test_the_board_lists_unassigned_families_first_in_constant_queries(
    world, signed_in, django_assert_max_num_queries
):
    client = signed_in(world.manager)
    for n in range(3):
        FamilyFactory(program=world.program, name=f"Household unassigned {n}")
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("assignments"))
    for n in range(6):
        FamilyFactory(program=world.program, name=f"Household more {n}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("assignments")).content.decode()

    assert page.index("Household more") < page.index("Household A")


def test_the_family_page_assigns_through_the_form(world, signed_in):
    client = signed_in(world.manager)
    url = reverse("family_assignment", args=[world.family_c.uuid])

    response = client.post(
        url, {"action": "assign", "practitioner": world.practitioner.pk, "kind": "secondary"}
    )

    assert response.status_code == 302
    assert world.family_c in caseload_families(world.practitioner)


def test_the_move_page_moves_the_chosen_families(world, signed_in):
    client = signed_in(world.manager)
    url = reverse("caseload_move", args=[world.practitioner.uuid])

    response = client.post(
        url,
        {
            "to_user": world.colleague.pk,
            "families": [str(world.family_a.uuid)],
            "reason": "On leave until March",
        },
    )

    assert response.status_code == 302
    assert set(caseload_families(world.practitioner)) == {world.family_b}


def test_a_move_onto_the_familys_secondary_makes_them_its_primary(world):
    family_assign(by=world.manager, family=world.family_a, practitioner=world.colleague, kind="secondary")

    caseload_move(
        by=world.manager, from_user=world.practitioner, to_user=world.colleague, reason="Leaving the program"
    )

    current = CaseloadAssignment.objects.filter(family=world.family_a, ends_on__isnull=True)
    assert [(a.practitioner, a.kind) for a in current] == [(world.colleague, AssignmentKind.PRIMARY)]
