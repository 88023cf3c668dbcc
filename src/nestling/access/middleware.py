"""Every refusal is audited here, in one place: an AccessDenied raised anywhere below a view, and any other
404 a view answers to a signed-in person. Both answer 404, but a refusal that explains itself (it gives
nothing away) answers 403 with its explanation."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.defaults import page_not_found

from nestling.access.denials import AccessDenied, access_denial_audit
from nestling.audit.models import AuditAction, AuditOutcome
from nestling.audit.services import audit_record


class AuditDenialsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        writing = request.method not in ("GET", "HEAD")
        if isinstance(exception, AccessDenied):
            # The view's transaction has unwound by now: this row stays whatever was rolled back.
            access_denial_audit(exception, writing=writing, path=request.path)
            if exception.explanation:
                return render(request, "403.html", {"explanation": exception.explanation}, status=403)
            return page_not_found(request, Http404())
        if not isinstance(exception, Http404) or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        kwargs = {key: str(value) for key, value in (match.kwargs if match else {}).items()}
        audit_record(
            actor=request.user,
            action=AuditAction.CHANGE if writing else AuditAction.READ,
            outcome=AuditOutcome.DENIED,
            category="page",
            subject_type="url",
            subject_id=(match.url_name or "") if match else "",
            detail={"path": request.path, "kwargs": kwargs},
        )
        return None
