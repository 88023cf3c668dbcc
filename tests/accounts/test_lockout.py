"""The sign-in lock-out: repeated wrong passwords lock one account at one address, never its colleagues
behind the same clinic address; the address is read through trusted proxies only."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from nestling.accounts.client_address import client_address
from tests.factories.accounts import PASSWORD

CLINIC = "203.0.113.7"  # the clinic's one public address
PROXY = "10.0.0.2"  # Nestling's own reverse proxy


def _sign_in(client, email: str, password: str, **meta: str):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **meta)


def _locked(response) -> bool:
    return response.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_wrong_passwords_lock_that_account_and_a_colleague_at_the_same_address_still_signs_in(world, client):
    # Given three wrong passwords for the practitioner from the clinic's address
    for _ in range(3):
        _sign_in(client, world.practitioner.email, "wrong-password-1", REMOTE_ADDR=CLINIC)
    # When the practitioner then gives the right one, they are locked out
    assert _locked(_sign_in(client, world.practitioner.email, PASSWORD, REMOTE_ADDR=CLINIC))
    # Then a colleague at the same address still signs in (on to their second factor)
    response = _sign_in(client, world.colleague.email, PASSWORD, REMOTE_ADDR=CLINIC)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_same_account_typed_in_capitals_counts_as_the_same_account(world, client):
    for email in ("Practitioner@own.test", "PRACTITIONER@OWN.TEST", " practitioner@own.test"):
        _sign_in(client, email, "wrong-password-1", REMOTE_ADDR=CLINIC)
    assert _locked(_sign_in(client, world.practitioner.email, PASSWORD, REMOTE_ADDR=CLINIC))


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_forwarded_for_header_from_an_untrusted_peer_does_not_change_the_address(world, client):
    # Given no trusted proxy, and an attacker who sends a new X-Forwarded-For with every guess
    for n in range(3):
        _sign_in(
            client,
            world.practitioner.email,
            "wrong-password-1",
            REMOTE_ADDR=CLINIC,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    # Then the guesses all counted against the address they came from
    assert _locked(_sign_in(client, world.practitioner.email, PASSWORD, REMOTE_ADDR=CLINIC))


@override_settings(AXES_FAILURE_LIMIT=3, NESTLING_TRUSTED_PROXIES=[PROXY])
def test_behind_a_trusted_proxy_the_address_is_the_one_it_forwarded(world, client):
    # Given three wrong passwords from the clinic, forwarded by Nestling's proxy
    for _ in range(3):
        _sign_in(
            client,
            world.practitioner.email,
            "wrong-password-1",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.9, {CLINIC}",  # the left one was typed by the client
        )
    # Then the account is locked at the clinic's address
    assert _locked(
        _sign_in(client, world.practitioner.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLINIC)
    )
    # But not at the practitioner's home, through the same proxy
    response = _sign_in(
        client, world.practitioner.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.44"
    )
    assert response.status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3, NESTLING_TRUSTED_PROXIES=[PROXY])
def test_with_a_trusted_proxy_a_peer_that_is_not_it_is_still_read_from_its_own_address(world, client):
    for n in range(3):
        _sign_in(
            client,
            world.practitioner.email,
            "wrong-password-1",
            REMOTE_ADDR=CLINIC,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    assert _locked(_sign_in(client, world.practitioner.email, PASSWORD, REMOTE_ADDR=CLINIC))


@override_settings(NESTLING_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_address_is_the_right_most_forwarded_one_that_is_not_a_trusted_proxy(rf):
    def seen(peer: str, forwarded: str) -> str | None:
        return client_address(rf.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded))

    assert seen(PROXY, f"198.51.100.9, {CLINIC}, 10.0.0.3") == CLINIC  # two proxies of ours
    assert seen(PROXY, "") == PROXY  # nothing forwarded: the proxy itself
    assert seen(PROXY, f"{CLINIC}, not-an-address") == PROXY  # garbled: nothing left of it is believed
    assert seen(CLINIC, "198.51.100.9") == CLINIC  # not our proxy: its header means nothing
