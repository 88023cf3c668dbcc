"""Which authenticators count as the second factor every staff account must have.

An authenticator app (TOTP) counts. A passkey or security key counts when the authenticator verified the
person (PIN, fingerprint, face) when it was registered: that is what lets a passkey sign someone in on its
own. Recovery codes never count: they are a way back in, kept beside a real factor and removed with the
last one.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser


def authenticator_counts_as_second_factor(authenticator: Authenticator) -> bool:
    if authenticator.type == Authenticator.Type.TOTP:
        return True
    if authenticator.type == Authenticator.Type.WEBAUTHN:
        return bool(authenticator.wrap().authenticator_data.is_user_verified())
    return False


def user_second_factors(
    *, user: AbstractBaseUser, excluding: Authenticator | None = None
) -> list[Authenticator]:
    """The user's authenticators that count as a second factor (without `excluding`, when given)."""
    authenticators = Authenticator.objects.filter(
        user_id=user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    )
    if excluding is not None:
        authenticators = authenticators.exclude(pk=excluding.pk)
    return [each for each in authenticators if authenticator_counts_as_second_factor(each)]


def user_has_second_factor(*, user: AbstractBaseUser) -> bool:
    return bool(user_second_factors(user=user))


def authenticator_may_be_removed(authenticator: Authenticator) -> bool:
    """A factor may be removed, or replaced, only while another one would remain."""
    return bool(user_second_factors(user=authenticator.user, excluding=authenticator))
