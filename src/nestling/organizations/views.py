from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nestling.access.policy import Action, can
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.accounts.models import Role, User
from nestling.organizations.forms import OrganizationSettingsForm
from nestling.organizations.models import Program
from nestling.organizations.selectors import practitioners_with_caseloads, programs_for_manager, staff_list
from nestling.organizations.services import organization_settings_update
from nestling.records.errors import RecordInvalid
from nestling.screening.figures import OVERSIGHT_DAYS, program_screening
from nestling.screening.licensed_wording import licensed_wording_status
from nestling.staffing.services.invitations import pending_invitations
from nestling.staffing.services.staff import staff_deactivate as account_deactivate
from nestling.workforce.permissions import CLINICAL_ROLES
from nestling.workforce.selectors import may_diagnose_ids, staff_profiles
from nestling.workforce.selectors.qualification import qualifications


@require_safe
@login_required
def program_overview(request: AuthedRequest) -> HttpResponse:
    require(request, Action.PROGRAM_VIEW)
    programs = list(programs_for_manager(user=request.user))
    today = timezone.localdate()
    screening = program_screening(
        program_ids=[p.pk for p in programs], since=today - timedelta(days=OVERSIGHT_DAYS), on=today
    )
    context = {
        "programs": programs,
        "screening": [(program, screening[program.pk]) for program in programs],
        "screening_period_days": OVERSIGHT_DAYS,
        "practitioners": list(practitioners_with_caseloads(user=request.user)),
    }
    return render(request, "organizations/program_overview.html", context)


@require_safe
@login_required
def staff(request: AuthedRequest) -> HttpResponse:
    require(request, Action.STAFF_VIEW)
    people = list(staff_list(user=request.user))
    role_labels = dict(Role.choices)
    # Who may deliver relationship-based therapy, and a manager's override of the qualification.
    profiles = staff_profiles(users=people)
    rows = [
        (
            person,
            sorted({str(role_labels[a.role]) for a in person.role_assignments.all()}),
            bool({a.role for a in person.role_assignments.all()} & CLINICAL_ROLES),
            profiles.get(person.pk),
        )
        for person in people
    ]
    can_deactivate = can(request.user, Action.STAFF_MANAGE)
    # Invited and not signed in yet: their account waits for them to choose a password.
    invited = {
        pk
        for pk in pending_invitations(user_ids=[p.pk for p in people])
        if pk in {p.pk for p in people if p.last_login is None}
    }
    can_qualify = can(request.user, Action.QUALIFICATION_SET)
    # Whether a discipline may diagnose is the program manager's to set too (workforce owns the profile).
    diagnosers = may_diagnose_ids(people=people)
    # Qualification is computed from training and RS/C records (or a manager's override in force).
    qualified = {pk for pk, q in qualifications(people=people).items() if q.qualified}
    return render(
        request,
        "organizations/staff_list.html",
        {
            "rows": rows,
            "can_deactivate": can_deactivate,
            "can_qualify": can_qualify,
            "diagnosers": diagnosers,
            "qualified": qualified,
            "invited": invited,
        },
    )


@login_required
@require_POST
def staff_deactivate(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    require(request, Action.STAFF_MANAGE)
    person = get_object_or_404(User, uuid=user_uuid, organization_id=request.user.organization_id)
    try:
        account_deactivate(by=request.user, person=person)
    except RecordInvalid as refusal:
        for problems in refusal.errors.values():
            for problem in problems:
                messages.error(request, problem)
        return redirect("staff_list")
    messages.success(
        request, _("%(name)s can no longer sign in; their sessions have ended.") % {"name": person}
    )
    # Their families are still theirs: their page lists them, to be moved.
    return redirect("staff_person", user_uuid=person.uuid)


@require_GET_or_POST
@login_required
def organization_settings(request: AuthedRequest) -> HttpResponse:
    require(request, Action.SETTINGS_MANAGE)
    organization = request.user.organization
    form = OrganizationSettingsForm(
        request.POST or None, initial={"growth_reference": organization.growth_reference}
    )
    if request.method == "POST" and form.is_valid():
        organization_settings_update(
            organization=organization, by=request.user, growth_reference=form.cleaned_data["growth_reference"]
        )
        messages.success(request, _("Settings saved."))
        return redirect("organization_settings")
    programs = Program.objects.filter(organization=organization).order_by("name")
    return render(
        request,
        "organizations/settings.html",
        {
            "form": form,
            "programs": programs,
            "organization": organization,
            "licensed_instruments": licensed_wording_status(organization_id=organization.pk),
        },
    )
