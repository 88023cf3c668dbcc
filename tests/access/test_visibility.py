from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nestling.access.models import BreakGlassAccess, SensitiveCategory, SensitiveGrant
from nestling.access.policy import Action, can, can_see_category, visible_families
from nestling.access.services import BreakGlassRefused, break_glass_open
from nestling.accounts.models import Supervision
from nestling.audit.models import AuditAction, AuditEvent


def _names(user):
    return sorted(visible_families(user).values_list("name", flat=True))


def test_a_practitioner_sees_only_their_caseload(world):
    assert _names(world.practitioner) == ["Household A", "Household B"]


def test_a_supervisor_sees_exactly_their_supervisees_families(world):
    assert _names(world.supervisor) == ["Household A", "Household B"]


def test_a_supervision_that_ended_no_longer_shows_the_families(world):
    Supervision.objects.update(ends_on=datetime.date.today() - datetime.timedelta(days=1))
    assert _names(world.supervisor) == []


def test_an_ended_assignment_leaves_the_caseload(world):
    world.family_a.assignments.update(ends_on=datetime.date.today() - datetime.timedelta(days=1))
    assert _names(world.practitioner) == ["Household B"]


def test_a_program_manager_sees_the_whole_program_and_nothing_outside_the_organization(world):
    assert _names(world.manager) == ["Household A", "Household B", "Household C"]


@pytest.mark.parametrize("persona", ["admin", "privacy"])
def test_admin_and_privacy_roles_see_no_family_records_by_role_alone(world, persona):
    assert _names(world.persona(persona)) == []


def test_an_outsider_organization_sees_none_of_ours(world):
    assert _names(world.outsider) == ["Household X"]


def test_a_deactivated_user_sees_nothing(world):
    world.practitioner.is_active = False
    world.practitioner.save()
    assert _names(world.practitioner) == []


def test_only_a_practitioner_on_the_caseload_may_edit(world):
    assert can(world.practitioner, Action.FAMILY_EDIT, world.family_a)
    assert not can(world.supervisor, Action.FAMILY_EDIT, world.family_a)
    assert not can(world.manager, Action.FAMILY_EDIT, world.family_a)
    assert not can(world.colleague, Action.FAMILY_EDIT, world.family_a)


def test_break_the_glass_opens_a_family_for_a_while_and_is_audited(world, signed_in):
    # Given a practitioner who cannot see family C
    client = signed_in(world.practitioner)
    assert client.get(reverse("family_detail", args=[world.family_c.uuid])).status_code == 404
    # When they give a reason and the family's reference
    response = client.post(
        reverse("break_glass_open"),
        {"reference": world.family_c.reference, "reason": "Covering Noor's crisis call while she is away"},
    )
    # Then they reach the family, and the reason is on the audit rows
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.BREAK_GLASS, family_uuid=world.family_c.uuid).exists()
    read = AuditEvent.objects.filter(action=AuditAction.READ, family_uuid=world.family_c.uuid).latest("id")
    assert read.reason.startswith("break-the-glass: Covering")
    # And once it expires the family is hidden again
    BreakGlassAccess.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("family_detail", args=[world.family_c.uuid])).status_code == 404


def test_break_the_glass_needs_a_real_reason(world):
    with pytest.raises(BreakGlassRefused):
        break_glass_open(user=world.practitioner, family_reference=world.family_c.reference, reason="urgent")
    assert not BreakGlassAccess.objects.exists()


def test_break_the_glass_cannot_reach_another_organization(world):
    with pytest.raises(BreakGlassRefused):
        break_glass_open(
            user=world.practitioner,
            family_reference=world.family_x.reference,
            reason="trying to reach a family in another organization",
        )
    assert not BreakGlassAccess.objects.exists()


def test_the_break_glass_form_keeps_what_was_typed_when_it_refuses(world, signed_in):
    client = signed_in(world.practitioner)
    response = client.post(
        reverse("break_glass_open"), {"reference": "NOPE-1", "reason": "A long enough reason here"}
    )
    assert response.status_code == 200
    assert "NOPE-1" in response.content.decode()
    assert response.context["form"].non_field_errors()


def test_a_sensitive_category_needs_a_grant_that_has_not_expired_or_been_revoked(world):
    category = SensitiveCategory.SUBSTANCE_USE
    assert not can_see_category(world.practitioner, category, world.family_a)
    grant = SensitiveGrant.objects.create(
        organization=world.org,
        user=world.practitioner,
        category=category,
        family=world.family_a,
        granted_by=world.manager,
    )
    assert can_see_category(world.practitioner, category, world.family_a)
    assert not can_see_category(world.practitioner, category, world.family_b)
    assert not can_see_category(world.practitioner, SensitiveCategory.TRAUMA_HISTORY, world.family_a)
    grant.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    grant.save()
    assert not can_see_category(world.practitioner, category, world.family_a)
