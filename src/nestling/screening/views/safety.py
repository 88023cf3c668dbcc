"""An urgent safety alert: reading it, answering it (the risk assessed and what was done), and correcting
the response. Its practitioner, their supervisor, whoever carries the family and a covering clinician
under emergency access answer it; whoever may read the family reads it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can, shown_to
from nestling.access.shortcuts import audit_category_reads
from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.families.contributions import record_parts
from nestling.families.models import Family
from nestling.families.selectors import visible_sensitive_categories
from nestling.families.views.editing import add_errors, rebased
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.screening.alert_notices import alert_notices, escalation_due_at
from nestling.screening.alert_selectors import safety_alert_in_family
from nestling.screening.forms import SafetyResponseForm
from nestling.screening.models import SafetyAlert
from nestling.screening.safety_response import (
    SafetyResponse,
    alert_responder,
    safety_alert_answer,
    safety_response_correct,
)
from nestling.screening.views.common import _family, _refuse

# Where a referral prompted by this alert is made (`/families/<id>/referrals/new/?alert=<id>`); without
# the referrals app the form offers no link.
REFERRAL_URL_NAME = "referral_add"


def _referral_url(family: Family, alert: SafetyAlert) -> str | None:
    try:
        path = reverse(REFERRAL_URL_NAME, kwargs={"family_uuid": family.uuid})
    except NoReverseMatch:
        return None
    return f"{path}?alert={alert.uuid}"


def _alert(request: AuthedRequest, family: Family, alert_uuid: UUID) -> SafetyAlert:
    alert = safety_alert_in_family(actor=request.user, family=family, alert_uuid=alert_uuid)
    if alert is None:
        raise _refuse(request, family, "safetyalert", alert_uuid)
    return alert


def _response(form: SafetyResponseForm) -> SafetyResponse:
    data = form.cleaned_data
    return SafetyResponse(
        risk=data["risk"], actions=data["actions"], note=data["note"], responded_at=data["responded_at"]
    )


def _minutes(alert: SafetyAlert) -> int | None:
    wait = alert.time_to_response
    return None if wait is None else int(wait.total_seconds() // 60)


def _screen_shown(request: AuthedRequest, family: Family, alert: SafetyAlert) -> bool:
    """Whether the screen that raised the alert is shown to this reader (audited as a read when it is):
    an alert reaches whoever must answer it, grant or not; only the screen may be kept from them."""
    shown = shown_to(alert.result, visible_sensitive_categories(user=request.user, family=family))
    if shown:
        audit_category_reads(
            request,
            family,
            {alert.result.sensitive_category},
            subject_type="safetyalert",
            subject_id=alert.uuid,
        )
    return shown


def _page(
    request: AuthedRequest, family: Family, alert: SafetyAlert, form: SafetyResponseForm, **more: Any
) -> HttpResponse:
    responder = alert_responder(user=request.user, alert=alert)
    screen_shown = _screen_shown(request, family, alert)
    return render(
        request,
        "screening/alert.html",
        {
            "family": family,
            "alert": alert,
            "result": alert.result if screen_shown else None,
            "screen_shown": screen_shown,
            "form": form,
            "may_respond": responder.may_respond and alert.is_open,
            "may_correct": responder.may_respond and not alert.is_open and alert.risk != "",
            "covering": responder.under,
            "response_minutes": _minutes(alert),
            "notices": alert_notices(alert),
            "escalates_at": escalation_due_at(alert),
            # A referral is made by whoever carries the family.
            "referral_url": _referral_url(family, alert)
            if can(request.user, Action.FAMILY_EDIT, family)
            else None,
            "record_parts": record_parts(actor=request.user, family=family, record=alert),
            **more,
        },
    )


@require_GET_or_POST
@login_required
def safety_alert_view(request: AuthedRequest, family_uuid: UUID, alert_uuid: UUID) -> HttpResponse:
    """The alert, who was told, and the response form; nothing closes the alert but a recorded response."""
    family = _family(request, family_uuid)
    alert = _alert(request, family, alert_uuid)
    form = SafetyResponseForm(request.POST or None)
    if request.method == "POST":
        if not alert_responder(user=request.user, alert=alert).may_respond:
            raise _refuse(request, family, "safetyalert", alert_uuid)
        if form.is_valid():
            try:
                safety_alert_answer(alert=alert, by=request.user, response=_response(form))
            except RecordInvalid as refused:
                add_errors(form, refused)
                alert = _alert(request, family, alert_uuid)  # answered meanwhile: show by whom
            else:
                messages.success(request, _("Response recorded; the alert is closed."))
                return redirect("safety_alert", family_uuid=family.uuid, alert_uuid=alert.uuid)
    return _page(request, family, alert, form)


def _as_form_values(alert: SafetyAlert) -> dict[str, Any]:
    at = timezone.localtime(alert.responded_at) if alert.responded_at else None
    return {
        "risk": alert.risk,
        "actions": list(alert.actions),
        "note": alert.response_note,
        "responded_at": at.strftime("%Y-%m-%dT%H:%M") if at else "",
        "version": alert.version,
    }


@require_GET_or_POST
@login_required
def safety_response_edit(request: AuthedRequest, family_uuid: UUID, alert_uuid: UUID) -> HttpResponse:
    """Correct a recorded response, from the version it was read at."""
    family = _family(request, family_uuid)
    alert = _alert(request, family, alert_uuid)
    if alert.is_open or not alert.risk or not alert_responder(user=request.user, alert=alert).may_respond:
        raise _refuse(request, family, "safetyalert", alert_uuid)
    form = SafetyResponseForm(request.POST or None, initial=_as_form_values(alert))
    if request.method == "POST" and form.is_valid():
        try:
            safety_response_correct(
                alert=alert,
                by=request.user,
                version=form.cleaned_data["version"] or 0,
                response=_response(form),
            )
        except StaleEdit as stale:
            form = SafetyResponseForm(rebased(request, stale))
            form.is_valid()
            add_errors(form, stale)
        except RecordInvalid as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("The response is corrected; its earlier version is in the history."))
            return redirect("safety_alert", family_uuid=family.uuid, alert_uuid=alert.uuid)
    return render(
        request,
        "screening/alert_response_edit.html",
        {"family": family, "alert": alert, "form": form},
    )
