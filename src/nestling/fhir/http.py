"""Who is calling the FHIR server. The one place that resolves it: today the signed-in session's user;
the REST API's bearer-token authentication slots in here, and every FHIR view follows."""

from __future__ import annotations

from django.http import HttpRequest

from nestling.accounts.models import User


def fhir_caller(request: HttpRequest) -> User | None:
    """The staff member the request is made as, or None (the view answers 401)."""
    user = request.user
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    return None
