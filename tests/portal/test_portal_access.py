"""Who reaches the portal, and for how long: a caregiver reaches only the portal's pages, staff never reach
them, and revoking the consent or discharging the family ends a caregiver's session at their next request."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nestling.audit.models import AuditEvent, AuditOutcome
from nestling.families.models import Enrollment
from nestling.families.services.consent import consent_revoke

pytestmark = pytest.mark.django_db


def _denials(user) -> int:
    return AuditEvent.objects.filter(actor_id=user.pk, outcome=AuditOutcome.DENIED).count()


def test_a_caregiver_signs_in_without_a_second_factor_and_lands_on_the_portal(mother, as_caregiver):
    # Given a caregiver signed in (no authenticator app)
    client = as_caregiver(mother)
    # When they open Nestling's front door
    response = client.get("/", follow=True)
    # Then they are on their portal, greeted by name, not asked to set up a second factor
    assert response.redirect_chain[-1][0] == reverse("portal_home")
    assert "Hello, Rosa" in response.content.decode()


@pytest.mark.parametrize("url_name", ["caseload", "worklist", "family_search", "program_overview"])
def test_it_refuses_a_caregiver_every_staff_page_audited_once(mother, as_caregiver, url_name):
    client = as_caregiver(mother)
    before = _denials(mother.user)
    response = client.get(reverse(url_name))
    assert response.status_code == 404
    assert _denials(mother.user) == before + 1


def test_it_refuses_a_caregiver_their_own_familys_staff_page(world, mother, as_caregiver):
    client = as_caregiver(mother)
    assert client.get(reverse("family_detail", args=[world.family_a.uuid])).status_code == 404


def test_staff_never_reach_the_portal_pages(world, mother, signed_in):
    client = signed_in(world.practitioner)
    assert client.get(reverse("portal_home")).status_code == 404
    assert client.get(reverse("portal_help")).status_code == 404


def test_revoking_the_portal_consent_ends_the_session_at_the_next_request(world, mother, as_caregiver):
    # Given the mother signed in and reading her portal
    client = as_caregiver(mother)
    assert client.get(reverse("portal_home")).status_code == 200
    # When the practitioner revokes her portal consent
    consent_revoke(
        consent=mother.consent,
        by=world.practitioner,
        version=mother.consent.version,
        revoked_on=timezone.localdate(),
    )
    # Then her next request signs her out, and the refusal is audited
    response = client.get(reverse("portal_home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(actor_id=mother.user.pk, detail__access_ended="consent").exists()


def test_discharging_the_family_ends_the_session(world, mother, as_caregiver):
    client = as_caregiver(mother)
    Enrollment.objects.filter(family=world.family_a).update(
        discharged_on=timezone.localdate(), discharge_reason="goals_met"
    )
    response = client.get(reverse("portal_home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_household_consent_that_names_no_one_covers_every_caregiver(world, mother, father, as_caregiver):
    # Given the father's own consent revoked, but a consent for the whole household in force
    consent_revoke(
        consent=father.consent,
        by=world.practitioner,
        version=father.consent.version,
        revoked_on=timezone.localdate(),
    )
    from tests.factories.families import ConsentFactory

    ConsentFactory(
        family=world.family_a, kind="portal", given_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    # When he opens the portal, then he is in
    assert as_caregiver(father).get(reverse("portal_home")).status_code == 200
