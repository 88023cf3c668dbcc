from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, current_q, visible_families
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import CaseloadAssignment, Family
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid
from nestling.screening.attention import FamilyAttention, caseload_attention
from nestling.screening.figures import OVERSIGHT_DAYS, AlertResponses, alert_responses
from nestling.workforce.qualification_words import qualification_restore, qualification_why
from nestling.workforce.selectors import staff_profiles, supervisees_with_caseloads
from nestling.workforce.selectors.team import SuperviseeLoad, team_load
from nestling.workforce.services import staff_may_diagnose_set, staff_qualification_set


@dataclass
class TeamRow:
    person: User
    families: list[tuple[Family, FamilyAttention]]
    alert_responses: AlertResponses | None = None
    load: SuperviseeLoad | None = None
    why: str = ""
    restore: str = ""

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
    team = team_load(supervisor=request.user, supervisees=supervisees)
    rows = []
    for person in supervisees:
        load = team.loads[person.pk]
        rows.append(
            TeamRow(
                person=person,
                families=[(a.family, attention[a.family_id]) for a in by_practitioner.get(person.pk, [])],
                alert_responses=responses.get(person.pk),
                load=load,
                why="" if load.qualification.qualified else qualification_why(load.qualification),
                restore="" if load.qualification.qualified else qualification_restore(load.qualification),
            )
        )
    audit_record(
        actor=request.user,
        action=AuditAction.READ,
        category="caseload",
        subject_type="team",
        detail={"supervisees": len(supervisees)},
    )
    return render(
        request,
        "workforce/team.html",
        {
            "rows": rows,
            "alert_period_days": OVERSIGHT_DAYS,
            "team": team,
            "over_capacity": [row.person for row in rows if row.load and row.load.over_capacity],
        },
    )


@require_POST
@login_required
def staff_may_diagnose(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    """A program manager says whether a staff member's discipline may diagnose (from the staff page)."""
    person = User.objects.filter(uuid=user_uuid, organization_id=request.user.organization_id).first()
    if person is None:
        raise AccessDenied(
            actor=request.user,
            action=str(Action.QUALIFICATION_SET),
            category="account",
            subject_type="user",
            subject_id=user_uuid,
            organization_id=request.user.organization_id,
        )
    allowed = request.POST.get("may_diagnose") == "yes"
    staff_may_diagnose_set(by=request.user, person=person, may_diagnose=allowed)
    message = (
        _("%(name)s may now record a confirmed diagnosis.")
        if allowed
        else _("%(name)s now records diagnoses as provisional only.")
    )
    messages.success(request, message % {"name": person.display_name})
    return redirect("staff_list")


class QualificationForm(forms.Form):
    qualified = forms.BooleanField(
        label=gettext_lazy(
            "Qualified for relationship-based therapy (interaction guidance, child-parent psychotherapy) "
            "whatever the training and RS/C records say"
        ),
        required=False,
    )
    until = forms.DateField(
        label=gettext_lazy("Until"),
        help_text=gettext_lazy("The last day this decision holds; after it, the records decide again."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy(
            "Why the records do not show it yet: training completed elsewhere, RS/C given outside Nestling."
        ),
        required=False,
        max_length=300,
    )
    # When the qualification on the page was last set: a change by someone else since is not overwritten.
    seen_set_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)


@require_GET_or_POST
@login_required
def staff_qualification(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    """A program manager overrides, for a season, the computed qualification for relationship-based
    therapy, or withdraws the override."""
    require(request, Action.QUALIFICATION_SET)
    person = get_object_or_404(User, uuid=user_uuid, organization_id=request.user.organization_id)
    profile = staff_profiles(users=[person]).get(person.pk)
    seen: datetime | None = profile.qualified_set_at if profile is not None else None
    form = QualificationForm(
        request.POST or None,
        initial={
            "qualified": profile.relationship_therapy_qualified if profile else False,
            "note": profile.qualified_note if profile else "",
            "until": profile.qualified_until if profile else None,
            "seen_set_at": seen.isoformat() if seen else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            staff_qualification_set(
                person=person,
                by=request.user,
                qualified=form.cleaned_data["qualified"],
                note=form.cleaned_data["note"],
                seen_set_at=form.cleaned_data["seen_set_at"],
                until=form.cleaned_data["until"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Saved for %(name)s.") % {"name": person.display_name})
            return redirect("staff_list")
    return render(
        request, "workforce/qualification.html", {"person": person, "profile": profile, "form": form}
    )
