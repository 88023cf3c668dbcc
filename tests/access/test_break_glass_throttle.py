"""Emergency access is throttled: a few requests per person per rolling hour, refusals included, so that
references cannot be tried one after another. Every refusal is audited."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from nestling.access.models import BreakGlassAccess, BreakGlassRefusal
from nestling.access.services import BreakGlassRefused, break_glass_open
from nestling.audit.models import AuditAction, AuditEvent, AuditOutcome
from tests.audit.tampering import only_on_postgresql
from tests.factories.families import CaseloadAssignmentFactory, FamilyFactory

REASON = "Covering a colleague's crisis call while she is away"


def _families_of_a_colleague(world, count):
    families = [FamilyFactory(program=world.program) for _ in range(count)]
    for family in families:
        CaseloadAssignmentFactory(family=family, practitioner=world.colleague)
    return families


def _ask(world, reference, user=None):
    return break_glass_open(user=user or world.practitioner, family_reference=reference, reason=REASON)


def _refusals(user):
    return AuditEvent.objects.filter(
        action=AuditAction.BREAK_GLASS, outcome=AuditOutcome.DENIED, actor_id=user.pk
    )


def test_a_fourth_emergency_access_within_the_hour_is_refused_saying_when_to_ask_again(world):
    # Given a practitioner who opened three families in an emergency within the hour
    first, second, third, fourth = _families_of_a_colleague(world, 4)
    for family in (first, second, third):
        _ask(world, family.reference)
    # When they ask for a fourth
    with pytest.raises(BreakGlassRefused) as refusal:
        _ask(world, fourth.reference)
    # Then it is refused, saying when they may ask again, and nothing is granted
    started = BreakGlassAccess.objects.order_by("started_at").first().started_at
    again_at = date_format(timezone.localtime(started + timedelta(hours=1)), "H:i")
    assert refusal.value.code == "throttled"
    assert "3 times in the last hour" in str(refusal.value) and again_at in str(refusal.value)
    assert not BreakGlassAccess.objects.filter(family=fourth).exists()
    # And the refusal is in the audit trail
    row = _refusals(world.practitioner).get()
    assert row.detail["refusal"] == "throttled" and row.subject_id == fourth.reference


def test_unknown_references_count_toward_the_limit_so_probing_is_throttled(world):
    # Given a practitioner who tried three references no family has
    (family,) = _families_of_a_colleague(world, 1)
    for guess in ("NST-000001", "NST-000002", "NST-000003"):
        with pytest.raises(BreakGlassRefused):
            _ask(world, guess)
    # When they then give a real one
    with pytest.raises(BreakGlassRefused) as refusal:
        _ask(world, family.reference)
    # Then it is refused too: the throttle does not say whether the reference exists
    assert refusal.value.code == "throttled"
    assert not BreakGlassAccess.objects.exists()
    assert _refusals(world.practitioner).count() == 4


def test_a_throttled_request_says_the_same_whether_or_not_the_family_exists(world):
    (family,) = _families_of_a_colleague(world, 1)
    for guess in ("NST-000001", "NST-000002", "NST-000003"):
        with pytest.raises(BreakGlassRefused):
            _ask(world, guess)
    with pytest.raises(BreakGlassRefused) as real:
        _ask(world, family.reference)
    with pytest.raises(BreakGlassRefused) as made_up:
        _ask(world, "NST-000004")
    assert str(real.value) == str(made_up.value)


def test_the_hour_rolls_so_an_old_request_no_longer_counts(world):
    # Given three requests more than an hour ago
    families = _families_of_a_colleague(world, 4)
    for family in families[:3]:
        _ask(world, family.reference)
    with pytest.raises(BreakGlassRefused):
        _ask(world, "NST-000001")
    an_hour_ago = timezone.now() - timedelta(hours=1, minutes=1)
    BreakGlassAccess.objects.update(started_at=an_hour_ago, expires_at=an_hour_ago + timedelta(hours=4))
    BreakGlassRefusal.objects.update(at=an_hour_ago)
    # When they ask now, it is granted
    _access, created = _ask(world, families[3].reference)
    assert created


def test_the_limit_is_per_person(world):
    for guess in ("NST-000001", "NST-000002", "NST-000003"):
        with pytest.raises(BreakGlassRefused):
            _ask(world, guess)
    # The supervisor's budget is their own (family C is outside what they see)
    _access, created = _ask(world, world.family_c.reference, user=world.supervisor)
    assert created


def test_the_access_one_already_has_is_given_back_even_at_the_limit(world):
    families = _families_of_a_colleague(world, 3)
    opened = [_ask(world, family.reference)[0] for family in families]
    again, created = _ask(world, families[0].reference)
    assert (again.pk, created) == (opened[0].pk, False)


def test_the_limit_is_a_setting(world, settings):
    settings.BREAK_GLASS_PER_HOUR = 1
    first, second = _families_of_a_colleague(world, 2)
    _ask(world, first.reference)
    with pytest.raises(BreakGlassRefused) as refusal:
        _ask(world, second.reference)
    assert refusal.value.code == "throttled" and "1 time" in str(refusal.value)


def test_a_throttled_request_on_the_page_shows_why_and_is_audited_once(world, signed_in):
    client = signed_in(world.practitioner)
    (family,) = _families_of_a_colleague(world, 1)
    for guess in ("NST-000001", "NST-000002", "NST-000003"):
        client.post(reverse("break_glass_open"), {"reference": guess, "reason": REASON})
    before = _refusals(world.practitioner).count()
    response = client.post(reverse("break_glass_open"), {"reference": family.reference, "reason": REASON})
    assert response.status_code == 200
    assert "in the last hour" in " ".join(response.context["form"].non_field_errors())
    assert _refusals(world.practitioner).count() == before + 1


def test_a_reason_too_short_is_refused_and_audited(world):
    with pytest.raises(BreakGlassRefused) as refusal:
        break_glass_open(user=world.practitioner, family_reference=world.family_c.reference, reason="urgent")
    assert refusal.value.code == "reason"
    assert _refusals(world.practitioner).get().detail["refusal"] == "reason"


def test_a_role_without_emergency_access_is_refused_and_audited(world):
    with pytest.raises(BreakGlassRefused) as refusal:
        break_glass_open(user=world.admin, family_reference=world.family_c.reference, reason=REASON)
    assert refusal.value.code == "role"
    assert _refusals(world.admin).get().detail["refusal"] == "role"


def test_a_limit_that_is_not_a_positive_number_stops_start_up(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "nestling", "check"],
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "NESTLING_BREAK_GLASS_PER_HOUR": "0",
            "NESTLING_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "NESTLING_BREAK_GLASS_PER_HOUR must be greater than zero" in result.stderr


@only_on_postgresql
@pytest.mark.django_db(transaction=True)
def test_five_requests_at_the_same_moment_grant_no_more_than_the_limit(world):
    # Given five requests for five families from one practitioner, sent together
    families = _families_of_a_colleague(world, 5)
    start = threading.Barrier(len(families))
    codes: list[str] = []

    def ask(reference: str) -> None:
        try:
            start.wait(5)
            _ask(world, reference)
            codes.append("granted")
        except BreakGlassRefused as refusal:
            codes.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(family.reference,)) for family in families]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # Then three are granted and two refused at the limit
    assert sorted(codes) == ["granted"] * 3 + ["throttled"] * 2
    assert BreakGlassAccess.objects.count() == 3
