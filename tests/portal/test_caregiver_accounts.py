"""Inviting a caregiver: only once the portal consent covering them is in force; an email in their language
with a link that sets a password once; the language they read remembered from then on."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from nestling.accounts.models import RoleAssignment
from nestling.portal.models import LanguagePreference, PortalAccount
from nestling.portal.services.accounts import portal_invite
from nestling.records.errors import RecordInvalid
from tests.factories.families import CaregiverFactory, ConsentFactory

pytestmark = pytest.mark.django_db


def _invite(world, caregiver, email="new@home.test", language="es"):
    return portal_invite(
        family=world.family_a,
        caregiver=caregiver,
        email=email,
        language=language,
        by=world.practitioner,
        base_url="http://testserver/",
    )


def test_it_refuses_an_invitation_before_the_portal_consent_is_in_force(world):
    caregiver = CaregiverFactory(family=world.family_a)
    with pytest.raises(RecordInvalid) as refused:
        _invite(world, caregiver)
    assert "portal consent" in refused.value.errors[""][0]
    assert not PortalAccount.objects.exists()


def test_an_invitation_makes_an_account_with_no_staff_role_and_emails_a_link_in_their_language(
    world, client, django_capture_on_commit_callbacks
):
    caregiver = CaregiverFactory(family=world.family_a, given_name="Lucia")
    ConsentFactory(family=world.family_a, kind="portal", given_by=caregiver, given_by_other="")
    with django_capture_on_commit_callbacks(execute=True):
        account = _invite(world, caregiver, language="en")
    assert not RoleAssignment.objects.filter(user=account.user).exists()
    assert not account.user.has_usable_password()
    assert LanguagePreference.objects.get(user=account.user).language == "en"
    (message,) = mail.outbox
    assert message.to == ["new@home.test"] and "Hello Lucia" in message.body
    link = re.search(r"http://testserver(/portal/welcome/\S+/)", message.body).group(1)
    # When she opens the link and chooses a password
    assert client.get(link).status_code == 200
    response = client.post(
        link, {"password1": "a long synthetic sentence", "password2": "a long synthetic sentence"}
    )
    assert response.status_code == 302
    account.user.refresh_from_db()
    assert account.user.check_password("a long synthetic sentence")
    # Then the link is spent
    assert client.get(link).status_code == 410


def test_a_caregiver_already_invited_is_not_invited_twice(world, mother):
    with pytest.raises(RecordInvalid) as refused:
        _invite(world, mother.caregiver, email="other@home.test")
    assert "caregiver" in refused.value.errors


def test_the_language_chosen_is_remembered_at_the_next_sign_in(world, mother, as_caregiver, client):
    as_caregiver(mother).post(reverse("language_switch"), {"language": "es", "next": "/portal/"})
    client.logout()
    client.force_login(mother.user)
    page = client.get(reverse("portal_home"))
    assert page["Content-Language"] == "es"
    assert '<html lang="es"' in page.content.decode()


def test_staff_choose_their_language_in_the_header_too(world, signed_in):
    client = signed_in(world.practitioner)
    assert 'name="language"' in client.get(reverse("caseload")).content.decode()
    client.post(reverse("language_switch"), {"language": "nl", "next": "/caseload/"})
    assert LanguagePreference.objects.get(user=world.practitioner).language == "nl"
    assert client.get(reverse("caseload"))["Content-Language"] == "nl"


def test_the_language_switch_never_sends_someone_to_another_site(world, signed_in):
    response = signed_in(world.practitioner).post(
        reverse("language_switch"), {"language": "es", "next": "https://evil.test/"}
    )
    assert response["Location"] == "/"


def test_the_welcome_and_the_sign_in_after_it_speak_the_language_chosen_at_the_invitation(
    world, client, django_capture_on_commit_callbacks
):
    # Given a caregiver invited in Spanish, opening the link in an English browser
    caregiver = CaregiverFactory(family=world.family_a, given_name="Lucia")
    ConsentFactory(family=world.family_a, kind="portal", given_by=caregiver, given_by_other="")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(world, caregiver, language="es")
    link = re.search(r"http://testserver(/portal/welcome/\S+/)", mail.outbox[-1].body).group(1)
    # When she opens it, and sets her password
    welcome = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        link,
        {"password1": "a long synthetic sentence", "password2": "a long synthetic sentence"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # Then the welcome is in Spanish, and the sign-in page it leads to too
    assert '<html lang="es"' in welcome.content.decode()
    sign_in = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="es"' in sign_in.content.decode()
