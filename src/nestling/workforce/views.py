from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from nestling.access.policy import Action, current_q, visible_families
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import CaseloadAssignment
from nestling.workforce.selectors import supervisees_with_caseloads


@login_required
def team(request: AuthedRequest) -> HttpResponse:
    """A reflective supervisor's view of their supervisees and the families they carry."""
    require(request, Action.TEAM_VIEW)
    supervisees = list(supervisees_with_caseloads(supervisor=request.user))
    assignments = (
        CaseloadAssignment.objects.filter(
            current_q(),
            practitioner__in=supervisees,
            family__in=visible_families(request.user),
        )
        .select_related("family", "family__program")
        .order_by("family__name")
    )
    by_practitioner: dict[int, list[CaseloadAssignment]] = {}
    for assignment in assignments:
        by_practitioner.setdefault(assignment.practitioner_id, []).append(assignment)
    rows = [(person, by_practitioner.get(person.pk, [])) for person in supervisees]
    audit_record(
        actor=request.user,
        action=AuditAction.READ,
        category="caseload",
        subject_type="team",
        detail={"supervisees": len(supervisees)},
    )
    return render(request, "workforce/team.html", {"rows": rows})
