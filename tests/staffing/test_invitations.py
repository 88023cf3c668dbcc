"""Inviting staff: the signed link works once, runs out, can be sent again or withdrawn, and a link that
no longer works gets a page that says why."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.accounts.models import Role, StaffInvitation, User
from nestling.audit.models import AuditEvent
from nestling.records.errors import RecordInvalid
from nestling.staffing.services.invitations import (
    InvitationState,
    invitation_accept,
    invitation_lookup,
    invitation_resend,
    invitation_revoke,
    staff_invite,
)

NEW_PASSWORD = "a-long-synthetic-passphrase-42"


def _link(token: str) -> str:
    return f"http://testserver/sign-up/{token}/"


def _invite(world, django_capture_on_commit_callbacks, **overrides):
    values = {
        "email": "new.person@own.test",
        "first_name": "Rowan",
        "last_name": "Synthetic",
        "roles": [Role.PRACTITIONER],
        "program": None,
    }
    values.update(overrides)
    with django_capture_on_commit_callbacks(execute=True):
        return staff_invite(by=world.admin, build_link=_link, **values)


def _token_from_outbox() -> str:
    match = re.search(r"/sign-up/([^/\s]+)/", mail.outbox[-1].body)
    assert match is not None
    return match.group(1)


def test_an_invitation_makes_the_account_with_its_roles_and_emails_a_link(
    world, django_capture_on_commit_callbacks
):
    invitation = _invite(world, django_capture_on_commit_callbacks)

    person = invitation.user
    assert person.organization == world.org
    assert not person.has_usable_password()
    assert list(person.role_assignments.values_list("role", flat=True)) == [Role.PRACTITIONER]
    assert mail.outbox[-1].to == ["new.person@own.test"]
    assert invitation_lookup(_token_from_outbox()).state == InvitationState.OPEN
    assert AuditEvent.objects.filter(subject_id=str(person.uuid), detail__invitation="invited").exists()


def test_an_email_already_in_use_is_refused_whatever_its_case(world, django_capture_on_commit_callbacks):
    with pytest.raises(RecordInvalid) as refusal:
        _invite(world, django_capture_on_commit_callbacks, email="PRACTITIONER@own.test")

    assert "already has an account" in refusal.value.errors["email"][0]
    assert not mail.outbox


def test_only_the_organization_admin_invites(world, django_capture_on_commit_callbacks):
    with pytest.raises(AccessDenied):
        staff_invite(
            by=world.manager,
            email="x@own.test",
            first_name="X",
            last_name="",
            roles=[Role.PRACTITIONER],
            program=None,
            build_link=_link,
        )


def test_the_link_sets_the_password_once(world, django_capture_on_commit_callbacks):
    _invite(world, django_capture_on_commit_callbacks)
    token = _token_from_outbox()
    invitation = invitation_lookup(token).invitation

    person = invitation_accept(invitation=invitation, password=NEW_PASSWORD, password_again=NEW_PASSWORD)

    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert invitation_lookup(token).state == InvitationState.USED


def test_a_weak_or_mistyped_password_is_refused_and_the_link_still_works(
    world, django_capture_on_commit_callbacks
):
    _invite(world, django_capture_on_commit_callbacks)
    token = _token_from_outbox()
    invitation = invitation_lookup(token).invitation

    with pytest.raises(RecordInvalid) as refusal:
        invitation_accept(invitation=invitation, password="short", password_again="shorter")

    assert set(refusal.value.errors) == {"password", "password_again"}
    assert invitation_lookup(token).state == InvitationState.OPEN


def test_a_resent_link_replaces_the_earlier_one(world, django_capture_on_commit_callbacks):
    invitation = _invite(world, django_capture_on_commit_callbacks)
    first = _token_from_outbox()

    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(by=world.admin, invitation=invitation, build_link=_link)

    assert invitation_lookup(first).state == InvitationState.UNKNOWN
    assert invitation_lookup(_token_from_outbox()).state == InvitationState.OPEN


def test_an_expired_link_says_so_and_a_resend_opens_it_again(world, django_capture_on_commit_callbacks):
    invitation = _invite(world, django_capture_on_commit_callbacks)
    StaffInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert invitation_lookup(_token_from_outbox()).state == InvitationState.EXPIRED
    invitation.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(by=world.admin, invitation=invitation, build_link=_link)
    assert invitation_lookup(_token_from_outbox()).state == InvitationState.OPEN


def test_a_withdrawn_invitation_closes_the_link_and_the_account(world, django_capture_on_commit_callbacks):
    invitation = _invite(world, django_capture_on_commit_callbacks)

    invitation_revoke(by=world.admin, invitation=invitation)

    assert invitation_lookup(_token_from_outbox()).state == InvitationState.REVOKED
    assert not User.objects.get(pk=invitation.user_id).is_active


@pytest.mark.parametrize(
    ("make_it", "status", "words"),
    [
        ("used", 410, "has been used already"),
        ("expired", 410, "ran out"),
        ("revoked", 410, "withdrawn"),
        ("garbled", 410, "does not recognise"),
    ],
)
def test_a_link_that_no_longer_works_gets_a_page_saying_why(
    world, client, django_capture_on_commit_callbacks, make_it, status, words
):
    invitation = _invite(world, django_capture_on_commit_callbacks)
    token = _token_from_outbox()
    if make_it == "used":
        StaffInvitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    elif make_it == "expired":
        StaffInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    elif make_it == "revoked":
        StaffInvitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    else:
        token = token[:-3] + "xyz"

    response = client.get(reverse("invitation_accept", args=[token]))

    assert response.status_code == status
    assert words in response.content.decode()


def test_the_sign_up_page_sets_the_password_and_sends_the_person_to_sign_in(
    world, client, django_capture_on_commit_callbacks
):
    _invite(world, django_capture_on_commit_callbacks)
    url = reverse("invitation_accept", args=[_token_from_outbox()])

    assert client.get(url).status_code == 200
    response = client.post(url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert response.status_code == 200
    assert 'data-testid="signup-done"' in response.content.decode()
    assert client.get(url).status_code == 410


def test_the_staff_list_shows_an_invited_person_as_invited(
    world, signed_in, django_capture_on_commit_callbacks
):
    invitation = _invite(world, django_capture_on_commit_callbacks)

    page = signed_in(world.admin).get(reverse("staff_list")).content.decode()

    row = page[page.index(invitation.user.display_name) :]
    assert "Invited" in row[: row.index("</tr>")]
