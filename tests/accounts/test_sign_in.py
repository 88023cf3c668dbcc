from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.test import override_settings
from django.urls import reverse

from nestling.accounts.middleware import LOGIN_AT, SEEN_AT
from nestling.accounts.services import user_deactivate
from tests.factories.accounts import PASSWORD, UserFactory, current_code


def test_sign_in_asks_for_the_second_factor_before_any_record(world, client):
    # When the practitioner gives the right password
    response = client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": PASSWORD}
    )
    # Then they are asked for their authenticator code, not let in
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("caseload")).status_code == 302
    # And with the code they reach their caseload
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert client.get(reverse("caseload")).status_code == 200


def test_a_staff_member_without_a_second_factor_must_set_one_up_first(world, client):
    Authenticator.objects.filter(user=world.practitioner).delete()
    client.force_login(world.practitioner)
    response = client.get(reverse("caseload"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_cannot_remove_their_second_factor(world, signed_in):
    client = signed_in(world.practitioner)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=world.practitioner, type=Authenticator.Type.TOTP).exists()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_the_account(world, client):
    for _ in range(3):
        client.post(
            reverse("account_login"), {"login": world.practitioner.email, "password": "wrong-password-1"}
        )
    response = client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_an_idle_session_ends(world, signed_in):
    client = signed_in(world.practitioner)
    session = client.session
    session[SEEN_AT] = time.time() - 31 * 60
    session.save()
    response = client.get(reverse("caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_working_in_an_open_page_keeps_the_session_from_going_idle(world, signed_in):
    # Given a practitioner 25 minutes into a form, with no request sent since it opened
    client = signed_in(world.practitioner)
    session = client.session
    session[SEEN_AT] = time.time() - 25 * 60
    session.save()
    # When the page says they are still working in it
    assert client.post(reverse("session_keepalive")).status_code == 204
    # Then the idle time counts from now: 10 more minutes later the form can still be saved
    session = client.session
    assert time.time() - session[SEEN_AT] < 5
    session[SEEN_AT] -= 10 * 60
    session.save()
    assert client.get(reverse("caseload")).status_code == 200


def test_a_keepalive_cannot_revive_a_session_that_already_ended(world, signed_in, client):
    client = signed_in(world.practitioner)
    session = client.session
    session[SEEN_AT] = time.time() - 31 * 60
    session.save()
    response = client.post(reverse("session_keepalive"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.post(reverse("session_keepalive")).status_code == 401


def test_a_session_ends_after_its_absolute_lifetime_however_active(world, signed_in):
    client = signed_in(world.practitioner)
    session = client.session
    session[LOGIN_AT] = time.time() - 13 * 3600
    session[SEEN_AT] = time.time()
    session.save()
    assert client.get(reverse("caseload")).status_code == 302


def test_deactivating_a_user_ends_their_sessions_at_once(world, client):
    client.post(reverse("account_login"), {"login": world.practitioner.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert client.get(reverse("caseload")).status_code == 200
    assert UserSession.objects.filter(user=world.practitioner).exists()
    user_deactivate(user=world.practitioner, by=world.admin)
    assert client.get(reverse("caseload")).status_code == 302
    assert not UserSession.objects.filter(user=world.practitioner).exists()


def test_the_admin_deactivates_a_colleague_from_the_staff_page(world, signed_in):
    client = signed_in(world.admin)
    response = client.post(reverse("staff_deactivate", args=[world.colleague.uuid]))
    assert response.status_code == 302
    world.colleague.refresh_from_db()
    assert not world.colleague.is_active


def test_nobody_can_sign_themselves_up(db, client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "stranger@example.test",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    assert response.status_code in (200, 302)
    from nestling.accounts.models import User

    assert not User.objects.filter(email="stranger@example.test").exists()


def test_a_user_with_no_role_is_told_what_to_do(world, signed_in):
    nobody = UserFactory(organization=world.org, email="nobody@own.test")
    response = signed_in(nobody).get(reverse("home"))
    assert response.status_code == 200
    assert "no role yet" in response.content.decode()
