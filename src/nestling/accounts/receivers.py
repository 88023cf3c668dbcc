"""allauth's own views add and remove second factors; its signals are where they tell us, and each one is
audited through the accounts' services."""

from __future__ import annotations

from typing import Any

from allauth.mfa import signals
from django.dispatch import receiver

from nestling.accounts.services import second_factor_record_added, second_factor_record_removed


@receiver(signals.authenticator_added, dispatch_uid="nestling-second-factor-added")
def _on_authenticator_added(sender: Any, *, user: Any, authenticator: Any, **kwargs: Any) -> None:
    second_factor_record_added(user=user, authenticator=authenticator)


@receiver(signals.authenticator_removed, dispatch_uid="nestling-second-factor-removed")
def _on_authenticator_removed(sender: Any, *, user: Any, authenticator: Any, **kwargs: Any) -> None:
    second_factor_record_removed(user=user, authenticator=authenticator)
