from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from nestling.access.policy import Action
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest, require_safe
from nestling.audit.forms import AuditFilterForm
from nestling.audit.labels import audit_rows
from nestling.audit.models import AuditAction, AuditEvent
from nestling.audit.selectors import audit_events_filter
from nestling.audit.services import audit_record

PAGE_SIZE = 50


@require_safe
@login_required
def audit_list(request: AuthedRequest) -> HttpResponse:
    require(request, Action.AUDIT_VIEW)
    form = AuditFilterForm(request.GET or None)
    events: list[AuditEvent] = []
    next_before = None
    if not form.is_bound or form.is_valid():
        filters = form.cleaned_data if form.is_bound else {}
        query = audit_events_filter(
            organization_id=request.user.organization_id,
            **{key: value for key, value in filters.items() if value not in (None, "")},
        )
        events = list(query[: PAGE_SIZE + 1])
        if len(events) > PAGE_SIZE:
            events = events[:PAGE_SIZE]
            next_before = events[-1].pk
        # Reading the audit trail is itself an access worth recording.
        audit_record(
            actor=request.user,
            action=AuditAction.SEARCH,
            category="audit",
            subject_type="audit_trail",
            detail={
                "filters": {key: str(value) for key, value in filters.items() if value not in (None, "")},
                "results": len(events),
            },
        )
    params = request.GET.copy()
    params.pop("before", None)
    return render(
        request,
        "audit/audit_list.html",
        {
            "form": form,
            "events": events,
            "rows": audit_rows(events),
            "next_before": next_before,
            "query": params.urlencode(),
        },
    )
