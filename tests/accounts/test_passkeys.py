"""Passkeys (WebAuthn) beside the authenticator app: added, used to sign in, counted as the second factor,
audited, and never the last factor to go."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from allauth.mfa.models import Authenticator
from django.urls import reverse

from nestling.audit.models import AuditEvent
from tests.factories.accounts import PASSWORD, current_code
from tests.factories.passkeys import SoftwarePasskey, page_options


def _sign_in_with_password_and_code(client, user) -> None:
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    _confirm_password(client)


def _confirm_password(client) -> None:
    # Adding or removing a factor asks for the password again (allauth's reauthentication).
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def _add_passkey(client, passkey: SoftwarePasskey, name: str = "Work phone"):
    options = page_options(client.get(reverse("mfa_add_webauthn")).content.decode())
    credential = passkey.create(options["creation_options"])
    return client.post(
        reverse("mfa_add_webauthn"),
        {"name": name, "passwordless": "on", "credential": json.dumps(credential)},
    )


def _factor_rows(user, action: str):
    return AuditEvent.objects.filter(
        category="account", subject_type="authenticator", subject_id=str(user.uuid), action=action
    )


def test_a_practitioner_adds_a_passkey_and_the_addition_is_audited(
    world, client, django_capture_on_commit_callbacks
):
    # Given a practitioner just signed in with their password and authenticator app
    _sign_in_with_password_and_code(client, world.practitioner)
    # When they add a passkey from the account pages (allauth makes recovery codes with the first one)
    with django_capture_on_commit_callbacks(execute=True):
        response = _add_passkey(client, SoftwarePasskey())
    # Then it is theirs, with the person verified, and the trail says so (without the key itself)
    assert response.status_code == 302
    passkey = Authenticator.objects.get(user=world.practitioner, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().authenticator_data.is_user_verified()
    added = _factor_rows(world.practitioner, "create")
    assert sorted(row.detail["type"] for row in added) == ["recovery_codes", "webauthn"]
    assert added.filter(detail__name="Work phone", detail__user_verified=True).exists()
    assert "credential" not in json.dumps([row.detail for row in added])


def test_a_passkey_signs_the_practitioner_in_on_its_own(world, client):
    # Given a practitioner who has added a passkey, and signed out
    passkey = SoftwarePasskey()
    _sign_in_with_password_and_code(client, world.practitioner)
    _add_passkey(client, passkey)
    client.post(reverse("account_logout"))
    assert client.get(reverse("caseload")).status_code == 302
    # When the sign-in page asks the browser for a passkey and the passkey answers
    options = client.get(reverse("mfa_login_webauthn"), headers={"accept": "application/json"}).json()
    assertion = passkey.get(options["request_options"])
    response = client.post(reverse("mfa_login_webauthn"), {"credential": json.dumps(assertion)})
    # Then they are signed in, no password or code asked, and reach their caseload
    assert response.status_code == 302
    assert client.get(reverse("caseload")).status_code == 200


def test_a_passkey_that_does_not_verify_the_person_cannot_sign_in_on_its_own(world, client):
    passkey = SoftwarePasskey(user_verified=False)
    passkey.registered_for(world.practitioner)
    options = client.get(reverse("mfa_login_webauthn"), headers={"accept": "application/json"}).json()
    response = client.post(
        reverse("mfa_login_webauthn"), {"credential": json.dumps(passkey.get(options["request_options"]))}
    )
    assert response["Location"] == reverse("account_login")
    assert client.get(reverse("caseload")).status_code == 302


def test_a_staff_member_whose_only_factor_is_a_passkey_has_their_second_factor(world, client):
    # Given a practitioner with a passkey that verifies them, and no authenticator app
    Authenticator.objects.filter(user=world.practitioner).delete()
    SoftwarePasskey().registered_for(world.practitioner)
    # When they are signed in
    client.force_login(world.practitioner)
    # Then they are not sent to set up another factor
    assert client.get(reverse("caseload")).status_code == 200


def test_after_the_password_a_passkey_is_the_second_step(world, client):
    # Given a practitioner whose only second factor is a passkey
    Authenticator.objects.filter(user=world.practitioner).delete()
    passkey = SoftwarePasskey()
    passkey.registered_for(world.practitioner)
    # When they give their password, and then the passkey where the page asks for the second step
    response = client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    options = page_options(client.get(reverse("mfa_authenticate")).content.decode())
    assertion = passkey.get(options["request_options"])
    response = client.post(reverse("mfa_authenticate"), {"credential": json.dumps(assertion)})
    # Then they reach their caseload
    assert response.status_code == 302
    assert client.get(reverse("caseload")).status_code == 200


def test_a_passkey_without_user_verification_is_not_enough_on_its_own(world, client):
    Authenticator.objects.filter(user=world.practitioner).delete()
    SoftwarePasskey(user_verified=False).registered_for(world.practitioner)
    client.force_login(world.practitioner)
    response = client.get(reverse("caseload"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_last_passkey_cannot_be_removed(world, client):
    # Given a practitioner whose only second factor is a passkey
    Authenticator.objects.filter(user=world.practitioner).delete()
    passkey = SoftwarePasskey()
    passkey.registered_for(world.practitioner)
    options = client.get(reverse("mfa_login_webauthn"), headers={"accept": "application/json"}).json()
    client.post(
        reverse("mfa_login_webauthn"), {"credential": json.dumps(passkey.get(options["request_options"]))}
    )
    stored = Authenticator.objects.get(user=world.practitioner)
    _confirm_password(client)
    # When they try to remove it
    response = client.post(reverse("mfa_remove_webauthn", kwargs={"pk": stored.pk}))
    # Then it stays, and they are told why
    assert response["Location"] == reverse("mfa_list_webauthn")
    assert Authenticator.objects.filter(pk=stored.pk).exists()
    assert not _factor_rows(world.practitioner, "delete").exists()


def test_a_passkey_goes_while_the_authenticator_app_remains_and_the_removal_is_audited(world, client):
    _sign_in_with_password_and_code(client, world.practitioner)
    _add_passkey(client, SoftwarePasskey())
    stored = Authenticator.objects.get(user=world.practitioner, type=Authenticator.Type.WEBAUTHN)
    response = client.post(reverse("mfa_remove_webauthn", kwargs={"pk": stored.pk}))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=stored.pk).exists()
    removed = _factor_rows(world.practitioner, "delete")
    assert [row.detail["type"] for row in removed] == ["webauthn"]
    # And the authenticator app, now the last factor, stays
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=world.practitioner, type=Authenticator.Type.TOTP).exists()


def test_the_authenticator_app_may_go_while_a_passkey_remains(world, client):
    _sign_in_with_password_and_code(client, world.practitioner)
    _add_passkey(client, SoftwarePasskey())
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    kinds = Authenticator.objects.filter(user=world.practitioner).values_list("type", flat=True)
    assert sorted(kinds) == ["recovery_codes", "webauthn"]
    assert _factor_rows(world.practitioner, "delete").filter(detail__type="totp").exists()
    # And the practitioner still gets to their caseload with only the passkey
    assert client.get(reverse("caseload")).status_code == 200


def test_only_test_and_development_accept_a_passkey_from_an_insecure_origin(tmp_path):
    # The settings are read afresh in a child process, as production would read them.
    source = Path(__file__).resolve().parents[2] / "src"
    wanted = {"production": "False", "development": "True", "test": "True"}
    for environment, allowed in wanted.items():
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import nestling.settings as s; print(s.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN)",
            ],
            env={
                **os.environ,
                "PYTHONPATH": str(source),
                "NESTLING_ENV": environment,
                "SECRET_KEY": "x" * 20 + "synthetic-production-like-secret-for-the-check-only",
                "NESTLING_AUDIT_KEY": "k" * 8 + "synthetic-audit-key-for-the-check-only",
                "ALLOWED_HOSTS": "nestling.example.org",
                "NESTLING_DATA_DIR": str(tmp_path),
            },
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.stdout.strip() == allowed, (environment, result.stderr)
