"""The warning shown when someone being added may already be on file: only what the user may know, and
the lookup audited."""

from __future__ import annotations

import datetime
import uuid

from django.urls import reverse

from nestling.audit.models import AuditAction, AuditEvent
from nestling.families.models import Caregiver
from tests.factories.families import CaregiverFactory

BORN = datetime.date(1994, 6, 3)


def _caregiver_post(**extra: str) -> dict[str, str]:
    return {
        "client_id": str(uuid.uuid4()),
        "given_name": "Marigold",
        "family_name": "Fenn",
        "date_of_birth": BORN.isoformat(),
        **extra,
    }


def test_adding_a_caregiver_who_matches_one_in_a_visible_family_warns_with_that_family(world, signed_in):
    # Given a caregiver with the same name and date of birth in family B, on the practitioner's caseload
    CaregiverFactory(family=world.family_b, given_name="Marigold", family_name="Fenn", date_of_birth=BORN)
    client = signed_in(world.practitioner)
    url = reverse("caregiver_add", args=[world.family_a.uuid])
    # When the practitioner adds her to family A
    response = client.post(url, _caregiver_post())
    # Then the page warns, naming family B and her date of birth, and nothing is created yet
    assert response.status_code == 200
    body = response.content.decode()
    assert "This person may already be recorded" in body
    assert world.family_b.name in body and "3 Jun 1994" in body
    assert reverse("family_detail", args=[world.family_b.uuid]) in body
    assert not Caregiver.objects.filter(family=world.family_a).exists()
    # And confirming adds her
    assert client.post(url, _caregiver_post(confirm_duplicate="on")).status_code == 302
    assert Caregiver.objects.filter(family=world.family_a).count() == 1


def test_a_match_in_a_family_the_user_cannot_open_is_not_described(world, signed_in):
    # Given the same person on file in family C, which the practitioner cannot open
    match = CaregiverFactory(
        family=world.family_c, given_name="Marigold", family_name="Fenn", date_of_birth=BORN
    )
    client = signed_in(world.practitioner)
    # When the practitioner adds her to family A
    response = client.post(reverse("caregiver_add", args=[world.family_a.uuid]), _caregiver_post())
    # Then the page says only that someone with these details may be known, and to ask the manager
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone with these details may already be known to the organization" in body
    assert "ask your program manager" in body
    # And nothing says where, how many, or that the person is in a family
    assert world.family_c.name not in body and str(world.family_c.uuid) not in body
    assert str(match.uuid) not in body
    assert "in a family you cannot open" not in body and "1 more" not in body


def test_the_duplicate_lookup_is_audited_as_a_search_of_families(world, signed_in):
    visible = CaregiverFactory(
        family=world.family_b, given_name="Marigold", family_name="Fenn", date_of_birth=BORN
    )
    hidden = CaregiverFactory(
        family=world.family_c, given_name="Marigold", family_name="Fenn", date_of_birth=BORN
    )
    client = signed_in(world.practitioner)

    client.post(reverse("caregiver_add", args=[world.family_a.uuid]), _caregiver_post())

    (event,) = AuditEvent.objects.filter(action=AuditAction.SEARCH, actor_id=world.practitioner.pk)
    assert event.category == "family"
    assert event.family_uuid == world.family_a.uuid
    assert set(event.detail["matched"]) == {str(visible.uuid), str(hidden.uuid)}
    assert event.detail["shown"] == [str(visible.uuid)]
