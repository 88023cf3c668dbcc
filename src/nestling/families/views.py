from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from nestling.access.policy import Action, can
from nestling.access.shortcuts import family_for_request
from nestling.accounts.http import AuthedRequest
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.selectors import caseload_list, family_detail_queryset


@login_required
def caseload(request: AuthedRequest) -> HttpResponse:
    if not can(request.user, Action.CASELOAD_VIEW):
        raise Http404
    families = list(caseload_list(user=request.user))
    audit_record(
        actor=request.user,
        action=AuditAction.READ,
        category="caseload",
        subject_type="caseload",
        detail={"families": len(families)},
    )
    return render(request, "families/caseload.html", {"families": families})


@login_required
def family_detail(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, queryset=family_detail_queryset())
    return render(
        request,
        "families/family_detail.html",
        {"family": family, "can_edit": can(request.user, Action.FAMILY_EDIT, family)},
    )
