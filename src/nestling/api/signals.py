"""A person deactivated can no longer act through any app: their tokens end with their sessions.

A signal, because a person is deactivated in more than one place (the staff page, an admin, a script) and
each must end the tokens; the accounts app does not know the API exists."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from nestling.accounts.models import User
from nestling.api.services import tokens_revoke


def _revoke_when_deactivated(sender: type[User], instance: User, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    fields = kwargs.get("update_fields")
    if not instance.is_active and (fields is None or "is_active" in fields):
        tokens_revoke(user=instance)


def register() -> None:
    post_save.connect(_revoke_when_deactivated, sender=User, dispatch_uid="nestling.api.tokens_on_deactivate")
