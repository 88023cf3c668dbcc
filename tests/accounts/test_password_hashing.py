"""Passwords are hashed with Argon2id; a hash an older Nestling made with PBKDF2 still signs its owner in
and is replaced by an Argon2 hash at that sign-in."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import RequestFactory

from tests.factories.accounts import UserFactory
from tests.factories.organizations import OrganizationFactory

PASSWORD = "a long passphrase for the tablet"


def _sign_in_request():
    return RequestFactory().post("/accounts/login/")


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]


def test_argon2_is_the_hasher_nestling_uses():
    production = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]
    assert production[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_a_pbkdf2_hash_signs_in_and_is_upgraded_to_argon2(production_hashers):
    user = UserFactory(organization=OrganizationFactory())
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"

    assert authenticate(_sign_in_request(), email=user.email, password=PASSWORD) == user

    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert authenticate(_sign_in_request(), email=user.email, password=PASSWORD) == user


@pytest.mark.django_db
def test_a_wrong_password_changes_no_hash(production_hashers):
    user = UserFactory(organization=OrganizationFactory())
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    before = user.password

    assert authenticate(_sign_in_request(), email=user.email, password="not the passphrase") is None

    user.refresh_from_db()
    assert user.password == before
