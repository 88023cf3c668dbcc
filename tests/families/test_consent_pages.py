"""Revoking a consent through its page."""

from __future__ import annotations

import datetime

from django.urls import reverse

from nestling.families.models import Consent
from nestling.families.selectors import consent_active
from tests.factories.families import ConsentFactory


def test_a_consent_is_revoked_through_its_page(world, signed_in, today):
    # Given a data-sharing consent given a month ago
    consent = ConsentFactory(family=world.family_a, kind="data_sharing")
    client = signed_in(world.practitioner)
    url = reverse("consent_revoke", args=[world.family_a.uuid, consent.uuid])
    # When the practitioner opens its revoke page, today is suggested and nothing changes yet
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{today.isoformat()}"' in page.content.decode()
    consent.refresh_from_db()
    assert consent.revoked_on is None
    # And when they revoke it from yesterday with a note
    yesterday = today - datetime.timedelta(days=1)
    response = client.post(
        url, {"version": "1", "revoked_on": yesterday.isoformat(), "revocation_note": "Changed her mind"}
    )
    # Then it is revoked from that day, with the note, and no longer counts
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_on == yesterday and consent.revocation_note == "Changed her mind"
    assert not consent_active(family=world.family_a, kind="data_sharing").exists()


def test_a_revoked_consents_page_refuses_a_second_revocation(world, signed_in, today):
    # Given a consent already revoked
    consent = ConsentFactory(family=world.family_a, revoked_on=today - datetime.timedelta(days=3))
    client = signed_in(world.practitioner)
    url = reverse("consent_revoke", args=[world.family_a.uuid, consent.uuid])
    # When someone posts the revoke page again
    response = client.post(url, {"version": "1", "revoked_on": today.isoformat(), "revocation_note": ""})
    # Then it says so and the first revocation stands
    assert response.status_code == 200
    assert "This consent is already revoked" in response.content.decode()
    assert Consent.objects.get(pk=consent.pk).revoked_on == today - datetime.timedelta(days=3)
