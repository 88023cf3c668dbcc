from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nestling.access.policy import Action, current_q, visible_families
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest, require_safe
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import CaseloadAssignment, Family
from nestling.screening.figures import OVERSIGHT_DAYS, AlertResponses, alert_responses
from nestling.screening.selectors import FamilyAttention, caseload_attention
from nestling.workforce.selectors import supervisees_with_caseloads


@dataclass
class TeamRow:
    person: User
    families: list[tuple[Family, FamilyAttention]]
    alert_responses: AlertResponses | None = None

    @property
    def overdue(self) -> int:
        return sum(needs.overdue_count for _, needs in self.families)

    @property
    def alerts(self) -> int:
        return sum(len(needs.open_alerts) for _, needs in self.families)

    @property
    def follow_ups_overdue(self) -> int:
        return sum(needs.follow_ups_overdue for _, needs in self.families)


@require_safe
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
    families: dict[int, Family] = {}
    for assignment in assignments:
        by_practitioner.setdefault(assignment.practitioner_id, []).append(assignment)
        families[assignment.family_id] = assignment.family
    # What each family needs (screens due and overdue, alerts), read once for the whole team.
    attention = caseload_attention(families=list(families.values()), on=timezone.localdate())
    since = timezone.localdate() - timedelta(days=OVERSIGHT_DAYS)
    responses = alert_responses(practitioners=supervisees, since=since)
    rows = [
        TeamRow(
            person=person,
            families=[(a.family, attention[a.family_id]) for a in by_practitioner.get(person.pk, [])],
            alert_responses=responses.get(person.pk),
        )
        for person in supervisees
    ]
    audit_record(
        actor=request.user,
        action=AuditAction.READ,
        category="caseload",
        subject_type="team",
        detail={"supervisees": len(supervisees)},
    )
    return render(request, "workforce/team.html", {"rows": rows, "alert_period_days": OVERSIGHT_DAYS})
