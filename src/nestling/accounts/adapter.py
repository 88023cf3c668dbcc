"""django-allauth hooks: no self sign-up, the client's address read as the lock-out reads it, and
second-factor secrets encrypted at rest."""

from __future__ import annotations

import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from nestling.accounts.client_address import client_address
from nestling.accounts.second_factor import authenticator_may_be_removed


def _fernet() -> Fernet:
    # A key derived from SECRET_KEY with a purpose label, so the raw secret is never used directly.
    digest = hashlib.sha256(f"nestling.mfa:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff accounts are created by their organization, never by self sign-up.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # The same address django-axes counts failures against (through trusted proxies only), so
        # allauth's rate limits and the list of a user's sessions agree with the lock-out.
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address


class MfaAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # A second factor is required for every staff account: one may go while another remains.
        return authenticator_may_be_removed(authenticator)
