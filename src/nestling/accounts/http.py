"""Typing for views behind @login_required: the request's user is a Nestling user, never anonymous."""

from __future__ import annotations

from django.http import HttpRequest

from nestling.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User
