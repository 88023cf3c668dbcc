"""A software passkey: the authenticator's half of WebAuthn, for server-side tests with no browser.

It answers the creation and request options a page hands to the browser, as a platform authenticator
would: a P-256 key made on the spot, "none" attestation, the user present and (unless told otherwise)
verified.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from typing import Any

from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import Aaguid, AttestationObject, AttestedCredentialData, AuthenticatorData

ORIGIN = "http://testserver"
_JS_DATA = re.compile(r'<script id="js_data" type="application/json">(.*?)</script>', re.S)


def page_options(html: str) -> dict[str, Any]:
    """The WebAuthn options a page gives its script (allauth's `js_data`)."""
    found = _JS_DATA.search(html)
    assert found, "the page carries no WebAuthn options"
    return json.loads(found.group(1))


class SoftwarePasskey:
    def __init__(self, *, user_verified: bool = True) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.user_verified = user_verified
        self.user_handle = ""
        self.counter = 0

    def _flags(self) -> AuthenticatorData.FLAG:
        flags = AuthenticatorData.FLAG.UP
        if self.user_verified:
            flags |= AuthenticatorData.FLAG.UV
        return flags

    def _client_data(self, kind: str, challenge: str, origin: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
        ).encode()

    def create(self, creation_options: dict[str, Any], origin: str = ORIGIN) -> dict[str, Any]:
        """The credential `navigator.credentials.create()` would give the page, in JSON form."""
        options = creation_options["publicKey"]
        self.user_handle = options["user"]["id"]
        public_key = ES256.from_cryptography_key(self.key.public_key())
        auth_data = AuthenticatorData.create(
            hashlib.sha256(options["rp"]["id"].encode()).digest(),
            self._flags() | AuthenticatorData.FLAG.AT,
            self.counter,
            AttestedCredentialData.create(Aaguid.NONE, self.credential_id, public_key),
        )
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "attestationObject": websafe_encode(bytes(AttestationObject.create("none", auth_data, {}))),
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def get(self, request_options: dict[str, Any], origin: str = ORIGIN) -> dict[str, Any]:
        """The assertion `navigator.credentials.get()` would give the page, in JSON form."""
        options = request_options["publicKey"]
        self.counter += 1
        rp_id = options.get("rpId") or "testserver"
        auth_data = AuthenticatorData.create(
            hashlib.sha256(rp_id.encode()).digest(), self._flags(), self.counter
        )
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = self.key.sign(
            bytes(auth_data) + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "authenticatorData": websafe_encode(bytes(auth_data)),
                "signature": websafe_encode(signature),
                "userHandle": self.user_handle,
            },
            "clientExtensionResults": {},
        }

    def registered_for(self, user: Any, name: str = "Synthetic phone") -> Authenticator:
        """Store this passkey as the user's, as if they had added it (no page, no audit row)."""
        handle = websafe_encode(user_pk_to_url_str(user).encode())
        options = {
            "publicKey": {
                "rp": {"id": "testserver"},
                "user": {"id": handle},
                "challenge": websafe_encode(os.urandom(32)),
            }
        }
        credential = self.create(options)
        return Authenticator.objects.create(
            user=user, type=Authenticator.Type.WEBAUTHN, data={"name": name, "credential": credential}
        )
