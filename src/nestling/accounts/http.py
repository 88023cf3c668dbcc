"""What every view shares: the request type behind @login_required (its user is a Nestling user, never
anonymous) and the method guards."""

from __future__ import annotations

from django.http import HttpRequest
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_safe as _require_safe

from nestling.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User


# The methods a view answers; any other gets 405 with an Allow header. Every view says which it takes.
require_safe = _require_safe  # pages that only show: GET and HEAD
require_GET_or_POST = require_http_methods(["GET", "HEAD", "POST"])  # forms: shown, then sent
