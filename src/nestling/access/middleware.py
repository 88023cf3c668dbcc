"""Every refusal a view answers with 404 is audited here, in one place."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from nestling.audit.models import AuditAction, AuditOutcome
from nestling.audit.services import audit_record


class AuditDenialsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        from nestling.access.shortcuts import DENIAL_AUDITED

        if not isinstance(exception, Http404) or not request.user.is_authenticated:
            return
        if getattr(request, DENIAL_AUDITED, False):
            return
        match = request.resolver_match
        kwargs = {key: str(value) for key, value in (match.kwargs if match else {}).items()}
        audit_record(
            actor=request.user,
            action=AuditAction.READ if request.method in ("GET", "HEAD") else AuditAction.CHANGE,
            outcome=AuditOutcome.DENIED,
            category="page",
            subject_type="url",
            subject_id=(match.url_name or "") if match else "",
            detail={"path": request.path, "kwargs": kwargs},
        )
