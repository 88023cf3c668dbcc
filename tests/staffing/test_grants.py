"""Sensitive-category grants: given and withdrawn by the privacy officer, with a reason and an end date;
they count at once and stop at once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.access.grants import (
    MAX_GRANT_DAYS,
    sensitive_grant_give,
    sensitive_grant_withdraw,
    sensitive_grants_list,
)
from nestling.access.models import SensitiveGrant
from nestling.access.policy import can_see_category
from nestling.records.errors import RecordInvalid

TRAUMA = "trauma_history"


def _give(world, **overrides):
    values = {
        "person": world.practitioner,
        "category": TRAUMA,
        "reason": "Carries the family's child-parent psychotherapy",
        "ends_on": timezone.localdate() + datetime.timedelta(days=30),
    }
    values.update(overrides)
    return sensitive_grant_give(by=world.privacy, **values)


def test_a_grant_counts_at_once_until_the_end_of_its_last_day(world):
    grant = _give(world)

    assert can_see_category(world.practitioner, TRAUMA, world.family_a)
    last_day_evening = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=30), datetime.time(23, 59))
    )
    assert can_see_category(world.practitioner, TRAUMA, at=last_day_evening)
    assert not can_see_category(
        world.practitioner, TRAUMA, at=last_day_evening + datetime.timedelta(minutes=2)
    )
    assert grant.reason.startswith("Carries")


def test_a_withdrawn_grant_stops_at_once(world):
    grant = _give(world)

    sensitive_grant_withdraw(by=world.privacy, grant=grant, reason="Moved to another team")

    assert not can_see_category(world.practitioner, TRAUMA, world.family_a)
    lists = sensitive_grants_list(actor=world.privacy)
    assert grant.pk in [g.pk for g in lists.ended] and not lists.current


@pytest.mark.parametrize(
    ("ends_on", "words"),
    [
        (datetime.date.today() - datetime.timedelta(days=1), "over before it began"),
        (datetime.date.today() + datetime.timedelta(days=MAX_GRANT_DAYS + 1), "a year at most"),
        (None, "Enter the last day"),
    ],
)
def test_an_end_date_in_the_past_or_beyond_a_year_is_refused(world, ends_on, words):
    with pytest.raises(RecordInvalid) as refusal:
        _give(world, ends_on=ends_on)
    assert words in refusal.value.errors["ends_on"][0]
    assert not SensitiveGrant.objects.exists()


def test_a_grant_needs_a_reason(world):
    with pytest.raises(RecordInvalid) as refusal:
        _give(world, reason="  ")
    assert "reason" in refusal.value.errors


def test_a_second_grant_of_the_same_category_is_refused_while_the_first_holds(world):
    _give(world)
    with pytest.raises(RecordInvalid) as refusal:
        _give(world)
    assert "already holds" in refusal.value.errors[""][0]


@pytest.mark.parametrize("persona", ["manager", "admin", "practitioner", "supervisor"])
def test_only_the_privacy_officer_gives_grants(world, persona):
    with pytest.raises(AccessDenied):
        sensitive_grant_give(
            by=world.persona(persona),
            person=world.practitioner,
            category=TRAUMA,
            reason="Because I say so, really",
            ends_on=timezone.localdate(),
        )


def test_the_grants_page_gives_lists_and_withdraws(world, signed_in):
    client = signed_in(world.privacy)
    response = client.post(
        reverse("sensitive_grants"),
        {
            "person": world.practitioner.pk,
            "category": TRAUMA,
            "ends_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "reason": "Carries the family's trauma work",
        },
    )
    assert response.status_code == 302
    grant = SensitiveGrant.objects.get()
    page = client.get(reverse("sensitive_grants")).content.decode()
    assert "Carries the family&#x27;s trauma work" in page

    client.post(reverse("sensitive_grant_withdraw", args=[grant.uuid]), {"reason": "No longer on the case"})

    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == world.privacy


def test_a_past_end_date_on_the_page_is_a_form_error(world, signed_in):
    client = signed_in(world.privacy)
    response = client.post(
        reverse("sensitive_grants"),
        {
            "person": world.practitioner.pk,
            "category": TRAUMA,
            "ends_on": "2020-01-01",
            "reason": "Long enough reason",
        },
    )
    assert response.status_code == 200
    assert "over before it began" in response.content.decode()
