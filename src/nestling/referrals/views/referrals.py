"""A family's referrals: make one (from a screen, an alert, a formulation finding or nothing), read it
with every status it passed through, correct it, record what happened next, and make its letter."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can, require_category
from nestling.access.shortcuts import family_for_request
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.families.models import Family, subject_of
from nestling.families.views.editing import STALE_MESSAGE, add_errors, rebased, record_in_family
from nestling.formulation.models import AxisFourStressor, AxisOneDiagnosis
from nestling.plans.selectors import family_patients
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.referrals.forms import ReferralCreateForm, ReferralEditForm, StatusForm
from nestling.referrals.letters import letter_refusal, referral_letter_make
from nestling.referrals.models import Referral
from nestling.referrals.rules import next_statuses
from nestling.referrals.selectors import (
    directory_list,
    prompt_options,
    referrals_queryset,
    sharing_consents,
)
from nestling.referrals.services.referrals import (
    ReferralDraft,
    referral_create,
    referral_status_set,
    referral_update,
)
from nestling.screening.models import SafetyAlert, ScreeningResult
from nestling.tasks.models import Task

REFERRAL_EXPECTED_DAYS = 14  # what the form suggests for first contact


def _referral(request: AuthedRequest, family: Family, referral_uuid: UUID) -> Referral:
    referral = record_in_family(request, referrals_queryset(), family, referral_uuid, kind="referral")
    require_category(
        request.user,
        referral.sensitive_category,
        family,
        action="referral.open",
        subject_type="referral",
        subject_id=referral.uuid,
    )
    return referral


def _follow_up_task(request: AuthedRequest, family: Family) -> Task | None:
    wanted = request.GET.get("task") or request.POST.get("task")
    if not wanted:
        return None
    try:
        return Task.objects.filter(family=family, uuid=UUID(wanted), done_at__isnull=True).first()
    except ValueError:
        return None


def _initial(request: AuthedRequest, task: Task | None, prompts: dict[str, Any]) -> dict[str, Any]:
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "referred_on": today,
        "expected_by": today + timedelta(days=REFERRAL_EXPECTED_DAYS),
    }
    source = task.source if task is not None else None
    key = ""
    if isinstance(source, ScreeningResult):
        key = f"result:{source.uuid}"
    elif request.GET.get("result"):
        key = f"result:{request.GET['result']}"
    elif request.GET.get("alert"):
        key = f"alert:{request.GET['alert']}"
    prompt = prompts.get(key)
    if prompt is not None:
        initial["prompted_by"] = key
        result = prompt.result if isinstance(prompt, SafetyAlert) else prompt
        if isinstance(result, ScreeningResult):
            initial["about"] = str(result.subject_id)
    if request.GET.get("about"):
        initial["about"] = request.GET["about"]
    return initial


def _draft(form: ReferralCreateForm, family: Family) -> ReferralDraft | None:
    person = form.about_person()
    if person is None:
        form.add_error("about", _("Choose who is referred."))
        return None
    prompt = form.prompt()
    data = form.cleaned_data
    return ReferralDraft(
        subject=subject_of(person),
        reason=data["reason"],
        referred_on=data["referred_on"],
        expected_by=data["expected_by"],
        service=data["service"],
        service_name=data["service_name"],
        service_kind=data["service_kind"],
        domain=data["domain"],
        urgency=data["urgency"],
        from_result=prompt if isinstance(prompt, ScreeningResult) else None,
        from_alert=prompt if isinstance(prompt, SafetyAlert) else None,
        from_diagnosis=prompt if isinstance(prompt, AxisOneDiagnosis) else None,
        from_stressor=prompt if isinstance(prompt, AxisFourStressor) else None,
        shared=list(data["shared"]),
        consent=form.chosen_consent("consent"),
        part2_consent=form.chosen_consent("part2_consent") if "part2_consent" in form.fields else None,
    )


@require_GET_or_POST
@login_required
def referral_add(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    """Make a referral; from a follow-up task (`?task=`), saving it closes the task as "referral made"."""
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT)
    prompts = prompt_options(actor=request.user, family=family)
    kwargs: dict[str, Any] = {
        "patients": family_patients(family=family),
        "services": directory_list(user=request.user),
        "prompts": prompts,
        "consents": sharing_consents(actor=request.user, family=family),
    }
    task = _follow_up_task(request, family)
    if request.method == "POST":
        form = ReferralCreateForm(request.POST, **kwargs)
        draft = _draft(form, family) if form.is_valid() else None
        if draft is not None:
            try:
                referral = referral_create(
                    family=family,
                    by=request.user,
                    draft=draft,
                    send=form.cleaned_data["send"],
                    client_id=form.cleaned_data["client_id"],
                    follow_up_task=task,
                )
            except RecordInvalid as refusal:
                add_errors(form, refusal)
            else:
                messages.success(
                    request, _("Referral recorded; a task to chase it comes due on its expected date.")
                )
                return redirect("referral_detail", family_uuid=family.uuid, referral_uuid=referral.uuid)
    else:
        form = ReferralCreateForm(initial=_initial(request, task, prompts.by_key()), **kwargs)
    return render(
        request,
        "referrals/referral_form.html",
        {
            "family": family,
            "form": form,
            "task": task,
            "title": _("Make a referral"),
            "submit": _("Save the referral"),
        },
    )


@require_safe
@login_required
def referral_detail(request: AuthedRequest, family_uuid: UUID, referral_uuid: UUID) -> HttpResponse:
    """The referral, every status it passed through with who set it, and what can be done next."""
    family = family_for_request(request, family_uuid)
    referral = _referral(request, family, referral_uuid)
    may_edit = can(request.user, Action.FAMILY_EDIT, family)
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "family": family,
            "referral": referral,
            "statuses": list(referral.statuses.all()),
            "may_edit": may_edit and not referral.is_closed,
            "may_letter": may_edit,
            "letter_refusal": letter_refusal(referral) if may_edit else "",
            "has_next": bool(next_statuses(referral.status)),
            "overdue": not referral.is_closed and referral.expected_by < timezone.localdate(),
        },
    )


@require_GET_or_POST
@login_required
def referral_edit(request: AuthedRequest, family_uuid: UUID, referral_uuid: UUID) -> HttpResponse:
    """Correct an open referral (a new expected date moves its task)."""
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT)
    referral = _referral(request, family, referral_uuid)
    consents = sharing_consents(actor=request.user, family=family)
    stale = None
    initial = {
        "version": referral.version,
        "reason": referral.reason,
        "domain": referral.domain,
        "urgency": referral.urgency,
        "referred_on": referral.referred_on,
        "expected_by": referral.expected_by,
        "shared": referral.shared,
        "consent": str(referral.consent.uuid) if referral.consent else "",
        "part2_consent": str(referral.part2_consent.uuid) if referral.part2_consent else "",
    }
    form = ReferralEditForm(request.POST or None, initial=initial, consents=consents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral_update(
                referral=referral,
                by=request.user,
                version=data["version"],
                reason=data["reason"],
                domain=data["domain"] or referral.domain,
                urgency=data["urgency"],
                referred_on=data["referred_on"],
                expected_by=data["expected_by"],
                shared=list(data["shared"]),
                consent=form.chosen_consent("consent"),
                part2_consent=form.chosen_consent("part2_consent")
                if "part2_consent" in form.fields
                else None,
            )
        except StaleEdit as refusal:
            form = ReferralEditForm(rebased(request, refusal), consents=consents)
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
            stale = refusal.changes
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Referral saved."))
            return redirect("referral_detail", family_uuid=family.uuid, referral_uuid=referral.uuid)
    return render(
        request,
        "referrals/referral_form.html",
        {
            "family": family,
            "form": form,
            "referral": referral,
            "stale": stale,
            "title": _("Correct the referral"),
            "submit": _("Save the referral"),
        },
    )


@require_GET_or_POST
@login_required
def referral_status(request: AuthedRequest, family_uuid: UUID, referral_uuid: UUID) -> HttpResponse:
    """Record what happened next: sent, received, an appointment, first contact, or how it ended."""
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT)
    referral = _referral(request, family, referral_uuid)
    form = StatusForm(
        request.POST or None,
        initial={"version": referral.version, "on": timezone.localdate()},
        current=referral.status,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral_status_set(
                referral=referral,
                by=request.user,
                version=data["version"],
                status=data["status"],
                on=data["on"],
                note=data["note"],
                expected_by=data["expected_by"],
            )
        except StaleEdit:
            form.add_error(
                None, _("Someone recorded a status since you opened this page: check it, then try again.")
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Status recorded."))
            return redirect("referral_detail", family_uuid=family.uuid, referral_uuid=referral.uuid)
    return render(
        request,
        "referrals/status_form.html",
        {"family": family, "referral": referral, "form": form, "closed": referral.is_closed},
    )


@require_GET_or_POST
@login_required
def referral_letter(request: AuthedRequest, family_uuid: UUID, referral_uuid: UUID) -> HttpResponse:
    """GET says what the letter will hold; POST makes it (a disclosure, audited) and sends the PDF."""
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT)
    referral = _referral(request, family, referral_uuid)
    refusal = letter_refusal(referral)
    if request.method == "POST" and not refusal:
        try:
            letter = referral_letter_make(referral=referral, by=request.user)
        except RecordInvalid as refused:
            refusal = " ".join(m for ms in refused.errors.values() for m in ms)
        else:
            response = HttpResponse(letter.pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
            return response
    return render(
        request,
        "referrals/letter_confirm.html",
        {"family": family, "referral": referral, "refusal": refusal, "shared": referral.shared_labels},
        status=409 if refusal and request.method == "POST" else 200,
    )
