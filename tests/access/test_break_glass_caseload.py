"""Emergency access is for families outside one's reach: a family one can already open is refused, with
no access opened and so nothing for the privacy officer to review."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from nestling.access.models import BreakGlassAccess
from nestling.access.services import BreakGlassRefused, break_glass_open
from nestling.audit.models import AuditAction, AuditEvent, AuditOutcome

REASON = "Covering a colleague's crisis call while she is away"


def _ask(user, family):
    return break_glass_open(user=user, family_reference=family.reference, reason=REASON)


def test_a_family_on_ones_own_caseload_is_refused_with_no_access_to_review(world):
    # Given a practitioner who carries family A
    # When they ask for emergency access to it
    with pytest.raises(BreakGlassRefused) as refusal:
        _ask(world.practitioner, world.family_a)
    # Then they are sent to their caseload, and no access is opened
    assert refusal.value.code == "on_caseload"
    assert str(refusal.value) == "This family is already on your caseload — open it from there."
    assert not BreakGlassAccess.objects.exists()
    # And the refusal is audited against the family
    row = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS, outcome=AuditOutcome.DENIED)
    assert row.family_uuid == world.family_a.uuid and row.detail["refusal"] == "on_caseload"


def test_a_family_a_supervisor_already_sees_is_refused(world):
    # Given a supervisor who sees family A through their supervisee
    with pytest.raises(BreakGlassRefused) as refusal:
        _ask(world.supervisor, world.family_a)
    assert refusal.value.code == "already_visible"
    assert "You can already open this family" in str(refusal.value)
    assert not BreakGlassAccess.objects.exists()


def test_a_manager_is_refused_a_family_of_their_program(world):
    with pytest.raises(BreakGlassRefused) as refusal:
        _ask(world.manager, world.family_c)
    assert refusal.value.code == "already_visible"
    assert not BreakGlassAccess.objects.exists()


def test_the_page_says_so_and_opens_nothing(world, signed_in):
    client = signed_in(world.practitioner)
    response = client.post(
        reverse("break_glass_open"), {"reference": world.family_a.reference, "reason": REASON}
    )
    assert response.status_code == 200
    assert "already on your caseload" in " ".join(response.context["form"].non_field_errors())
    assert not BreakGlassAccess.objects.exists()


def test_such_refusals_count_toward_the_hourly_limit(world):
    for _ in range(3):
        with pytest.raises(BreakGlassRefused):
            _ask(world.practitioner, world.family_a)
    with pytest.raises(BreakGlassRefused) as refusal:
        _ask(world.practitioner, world.family_c)
    assert refusal.value.code == "throttled"


def test_a_family_that_left_the_caseload_can_be_opened_in_an_emergency(world):
    world.family_a.assignments.update(ends_on=datetime.date.today() - datetime.timedelta(days=1))
    _access, created = _ask(world.practitioner, world.family_a)
    assert created
