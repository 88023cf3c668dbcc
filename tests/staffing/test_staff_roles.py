"""Roles, deactivation and reactivation: audited, and never leaving the organization without an admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nestling.access.denials import AccessDenied
from nestling.accounts.models import Role, RoleAssignment
from nestling.audit.models import AuditEvent
from nestling.records.errors import RecordInvalid
from nestling.staffing.services.staff import (
    staff_deactivate,
    staff_reactivate,
    staff_role_add,
    staff_role_remove,
)
from tests.factories.organizations import ProgramFactory


def test_an_admin_gives_a_manager_role_limited_to_one_program(world):
    program = ProgramFactory(organization=world.org, name="Second program")

    staff_role_add(by=world.admin, person=world.colleague, role=Role.MANAGER, program=program)

    assert RoleAssignment.objects.filter(user=world.colleague, role=Role.MANAGER, program=program).exists()
    event = AuditEvent.objects.filter(subject_id=str(world.colleague.uuid), category="account").latest("pk")
    assert f"manager:{program.uuid}" in event.detail["after"]["roles"]


def test_a_role_held_already_is_refused_with_words(world):
    with pytest.raises(RecordInvalid) as refusal:
        staff_role_add(by=world.admin, person=world.colleague, role=Role.PRACTITIONER)
    assert "already has this role" in refusal.value.errors["role"][0]


def test_a_program_only_limits_a_managers_role(world):
    with pytest.raises(RecordInvalid) as refusal:
        staff_role_add(by=world.admin, person=world.colleague, role=Role.SUPERVISOR, program=world.program)
    assert "program" in refusal.value.errors


def test_the_last_admin_cannot_remove_their_own_admin_role(world):
    own = RoleAssignment.objects.get(user=world.admin, role=Role.ORG_ADMIN)

    with pytest.raises(RecordInvalid) as refusal:
        staff_role_remove(by=world.admin, assignment=own)

    assert "only admin" in refusal.value.errors[""][0]
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_with_a_second_admin_the_first_may_step_down(world):
    staff_role_add(by=world.admin, person=world.manager, role=Role.ORG_ADMIN)
    own = RoleAssignment.objects.get(user=world.admin, role=Role.ORG_ADMIN)

    staff_role_remove(by=world.admin, assignment=own)

    assert not RoleAssignment.objects.filter(pk=own.pk).exists()


def test_a_manager_cannot_change_roles(world):
    with pytest.raises(AccessDenied):
        staff_role_add(by=world.manager, person=world.colleague, role=Role.SUPERVISOR)


def test_an_admin_of_another_organization_cannot_touch_our_staff(world):
    from tests.factories.accounts import UserFactory

    foreign_admin = UserFactory(organization=world.outsider.organization, roles=[Role.ORG_ADMIN])
    with pytest.raises(AccessDenied):
        staff_role_add(by=foreign_admin, person=world.colleague, role=Role.SUPERVISOR)


def test_deactivated_then_reactivated(world):
    staff_deactivate(by=world.admin, person=world.colleague)
    world.colleague.refresh_from_db()
    assert not world.colleague.is_active

    staff_reactivate(by=world.admin, person=world.colleague)
    world.colleague.refresh_from_db()
    assert world.colleague.is_active


def test_deactivating_lists_the_families_still_to_move(world, signed_in):
    client = signed_in(world.admin)

    response = client.post(reverse("staff_deactivate", args=[world.colleague.uuid]))

    assert response["Location"] == reverse("staff_person", args=[world.colleague.uuid])
    page = client.get(response["Location"]).content.decode()
    assert "Household C" in page
    assert 'data-testid="deactivated-caseload"' in page


def test_the_person_page_adds_and_removes_roles(world, signed_in):
    client = signed_in(world.admin)
    client.post(reverse("staff_role_add", args=[world.colleague.uuid]), {"role": Role.SUPERVISOR})
    added = RoleAssignment.objects.get(user=world.colleague, role=Role.SUPERVISOR)

    client.post(reverse("staff_role_remove", args=[world.colleague.uuid, added.pk]))

    assert not RoleAssignment.objects.filter(pk=added.pk).exists()
