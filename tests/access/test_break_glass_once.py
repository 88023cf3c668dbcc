"""Emergency access is opened once per family: asking again while it is open gives the same access."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from nestling.access.models import BreakGlassAccess
from nestling.access.services import break_glass_open
from nestling.audit.models import AuditAction, AuditEvent, AuditOutcome
from tests.audit.tampering import only_on_postgresql

REASON = "Covering Noor's crisis call while she is away"


def _granted(family):
    return AuditEvent.objects.filter(
        action=AuditAction.BREAK_GLASS, outcome=AuditOutcome.ALLOWED, family_uuid=family.uuid
    )


def test_asking_again_while_access_is_open_gives_the_same_access_and_audits_no_second_grant(world):
    # Given a practitioner who opened family C in an emergency
    first, created = break_glass_open(
        user=world.practitioner, family_reference=world.family_c.reference, reason=REASON
    )
    assert created
    # When they ask again while it is open
    again, created_again = break_glass_open(
        user=world.practitioner, family_reference=world.family_c.reference, reason=REASON + " (again)"
    )
    # Then they get the access they have, and nothing new is granted or audited as granted
    assert (again.pk, created_again) == (first.pk, False)
    assert BreakGlassAccess.objects.count() == 1
    assert _granted(world.family_c).count() == 1


def test_a_triple_click_opens_one_access_and_says_until_when_it_lasts(world, signed_in):
    # Given a practitioner on the emergency access form
    client = signed_in(world.practitioner)
    data = {"reference": world.family_c.reference, "reason": REASON}
    # When the form is sent three times
    responses = [client.post(reverse("break_glass_open"), data) for _ in range(3)]
    # Then each lands on the family, one access exists, and the repeats say until when it is open
    assert [r.status_code for r in responses] == [302, 302, 302]
    access = BreakGlassAccess.objects.get()
    assert _granted(world.family_c).count() == 1
    until = date_format(timezone.localtime(access.expires_at), "H:i")
    said = [str(m) for m in get_messages(responses[-1].wsgi_request)]
    assert f"You already have emergency access to this family until {until}" in " ".join(said)


def test_once_it_has_expired_asking_again_opens_a_new_access(world):
    break_glass_open(user=world.practitioner, family_reference=world.family_c.reference, reason=REASON)
    BreakGlassAccess.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _access, created = break_glass_open(
        user=world.practitioner, family_reference=world.family_c.reference, reason=REASON
    )
    assert created and BreakGlassAccess.objects.count() == 2


@only_on_postgresql
@pytest.mark.django_db(transaction=True)
def test_three_requests_at_the_same_moment_open_one_access(world):
    # Given three requests from the same practitioner for the same family, sent together
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            start.wait(5)
            break_glass_open(
                user=world.practitioner, family_reference=world.family_c.reference, reason=REASON
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # Then one access is open, granted once
    assert errors == []
    assert BreakGlassAccess.objects.count() == 1
    assert _granted(world.family_c).count() == 1
