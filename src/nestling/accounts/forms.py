"""allauth's account forms, as Nestling offers them."""

from __future__ import annotations

from typing import Any

from allauth.mfa.webauthn.forms import AddWebAuthnForm


class AddPasskeyForm(AddWebAuthnForm):
    """A key added here is a passkey unless the person says otherwise: one that can sign them in on its
    own, which asks the authenticator to verify them (PIN, fingerprint or face) and so counts as their
    second factor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["passwordless"].initial = True
