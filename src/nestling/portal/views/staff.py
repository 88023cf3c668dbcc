"""The staff side of the portal: a family's portal page (who is invited, the consent, questionnaires given
from home), inviting a caregiver, giving a questionnaire, closing an account; the admin's portal settings."""

from __future__ import annotations

import uuid
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action
from nestling.access.shortcuts import family_for_request, require
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.families.models import Caregiver, ConsentKind
from nestling.families.selectors import consent_active
from nestling.families.views.editing import add_errors
from nestling.portal.forms import AssignForm, InviteForm, PortalSettingsForm
from nestling.portal.models import PortalAccount, QuestionnaireAssignment
from nestling.portal.principal import portal_access_problem
from nestling.portal.selectors import portal_settings_of
from nestling.portal.services.accounts import portal_account_end, portal_invite
from nestling.portal.services.questionnaires import questionnaire_assign, self_report_definitions
from nestling.portal.services.settings import portal_settings_save
from nestling.records.errors import RecordInvalid

PROBLEMS = {
    None: gettext_lazy("Can sign in"),
    "ended": gettext_lazy("Account closed"),
    "consent": gettext_lazy("No portal consent in force"),
    "discharged": gettext_lazy("The family is discharged"),
}


@require_safe
@login_required
def family_portal(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid)
    caregivers = list(Caregiver.objects.filter(family=family))
    accounts = list(PortalAccount.objects.filter(family=family).select_related("user", "caregiver"))
    rows = [(a, str(PROBLEMS[portal_access_problem(a)])) for a in accounts]
    assignments = list(
        QuestionnaireAssignment.objects.filter(family=family)
        .select_related("caregiver", "result")
        .order_by("-created_at")[:30]
    )
    return render(
        request,
        "portal/staff/family_portal.html",
        {
            "family": family,
            "caregivers": caregivers,
            "accounts": rows,
            "consents": list(
                consent_active(family=family, kind=ConsentKind.PORTAL).select_related("given_by")
            ),
            "assignments": assignments,
        },
    )


def _uninvited(family_id: int) -> QuerySet[Caregiver]:
    return Caregiver.objects.filter(family_id=family_id, portal_account__isnull=True)


@require_GET_or_POST
@login_required
def portal_invite_view(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT)
    form = InviteForm(request.POST or None, caregivers=_uninvited(family.pk))
    if request.method == "POST" and form.is_valid():
        try:
            portal_invite(
                family=family,
                caregiver=form.cleaned_data["caregiver"],
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Invitation sent. The link in it works for three days."))
            return redirect("family_portal", family.uuid)
    return render(request, "portal/staff/invite.html", {"family": family, "form": form})


@require_GET_or_POST
@login_required
def portal_assign_view(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT)
    invited = Caregiver.objects.filter(family=family, portal_account__isnull=False)
    definitions = self_report_definitions(organization_id=family.organization_id)
    form = AssignForm(
        request.POST or None, caregivers=invited, definitions=definitions, initial={"client_id": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire_assign(
                family=family,
                caregiver=form.cleaned_data["caregiver"],
                instrument=form.cleaned_data["instrument"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
                client_id=form.cleaned_data["client_id"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("The questionnaire is waiting for them in the portal."))
            return redirect("family_portal", family.uuid)
    return render(request, "portal/staff/assign.html", {"family": family, "form": form})


@require_POST
@login_required
def portal_account_end_view(request: AuthedRequest, family_uuid: UUID, account_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT)
    account = (
        PortalAccount.objects.select_related("user", "family")
        .filter(family=family, uuid=account_uuid)
        .first()
    )
    if account is None:
        raise AccessDenied(
            actor=request.user,
            action="portal.account_end",
            category="portal",
            subject_type="portalaccount",
            subject_id=account_uuid,
            family_uuid=family.uuid,
            organization_id=family.organization_id,
        )
    try:
        portal_account_end(account=account, by=request.user)
    except RecordInvalid as refusal:
        messages.error(request, " ".join(m for ms in refusal.errors.values() for m in ms))
    else:
        messages.success(request, _("The account is closed: they can no longer sign in."))
    return redirect("family_portal", family.uuid)


@require_GET_or_POST
@login_required
def portal_settings_view(request: AuthedRequest) -> HttpResponse:
    require(request, Action.SETTINGS_MANAGE)
    current = portal_settings_of(request.user.organization_id)
    form = PortalSettingsForm(
        request.POST or None,
        initial={
            "version": current.version,
            "emergency_number": current.emergency_number,
            "crisis_contacts": current.crisis_contacts,
            "score_feedback": current.score_feedback,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            portal_settings_save(
                settings=current,
                by=request.user,
                version=form.cleaned_data["version"] or current.version,
                emergency_number=form.cleaned_data["emergency_number"],
                crisis_contacts=form.cleaned_data["crisis_contacts"],
                score_feedback=form.cleaned_data["score_feedback"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Portal settings saved."))
            return redirect("portal_settings")
    return render(request, "portal/staff/settings.html", {"form": form})
