"""Reads to a streaming replica, writes to the primary, and a request that has written reads its own
writes: once anything is written, the rest of that request (and the next requests of the same session,
for `REPLICA_PIN_SECONDS`) reads from the primary, so no one saves a note and then sees the old page.

Active only when `DATABASE_REPLICA_URL` is set (the `replica` alias exists); otherwise every query goes
to `default` as before. See docs/scaling.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PRIMARY = "default"
_SESSION_KEY = "nestling_primary_until"

# Who is signed in, what they may see and what the trail holds must be true the moment it changes (a
# deactivated person, a withdrawn grant, a session just made): these are always read from the primary.
ALWAYS_PRIMARY = frozenset(
    {
        "sessions",
        "accounts",
        "account",
        "mfa",
        "usersessions",
        "socialaccount",
        "axes",
        "access",
        "audit",
        "oauth2_provider",
        "django_tasks_database",
    }
)

# True once this request (or task) has written, or when its session wrote a moment ago.
_pinned: ContextVar[bool] = ContextVar("nestling_pinned_to_primary", default=False)


def pin_to_primary() -> None:
    _pinned.set(True)


def pinned() -> bool:
    return _pinned.get()


class ReplicaRouter:
    """Django database router: see the module's docstring."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if REPLICA not in connections.databases or _pinned.get():
            return PRIMARY
        if model._meta.app_label in ALWAYS_PRIMARY:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY  # inside a transaction, read what the transaction sees
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        _pinned.set(True)
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY  # the replica follows the primary's WAL; it is never migrated itself


class PinAfterWriteMiddleware:
    """Starts each request unpinned unless its session wrote within the pin window, and carries a write
    forward into the session so the next page (after the redirect) reads from the primary too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        until = session.get(_SESSION_KEY, 0) if session is not None else 0
        token = _pinned.set(until > time.time())
        try:
            response = self.get_response(request)
            if _pinned.get() and session is not None and request.method not in ("GET", "HEAD"):
                session[_SESSION_KEY] = time.time() + settings.REPLICA_PIN_SECONDS
            return response
        finally:
            _pinned.reset(token)
