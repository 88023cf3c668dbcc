"""An urgent safety alert and its response; a follow-up task and what was done."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can, shown_to
from nestling.access.shortcuts import audit_category_reads
from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.families.contributions import record_parts
from nestling.families.selectors import visible_sensitive_categories
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid
from nestling.screening.follow_on import follow_on_of
from nestling.screening.forms import (
    AlertResponseForm,
    FollowUpDoneForm,
)
from nestling.screening.models import (
    SafetyAlert,
    ScreeningResult,
)
from nestling.screening.selectors import (
    results_for,
)
from nestling.screening.services import (
    follow_up_task_complete,
    safety_alert_respond,
)
from nestling.screening.views.common import _family, _refuse, _require_shown
from nestling.screening.views.screens import _follow_on_offer
from nestling.tasks.models import Task


def _minutes(alert: SafetyAlert) -> int | None:
    wait = alert.time_to_response
    return None if wait is None else int(wait.total_seconds() // 60)


@require_GET_or_POST
@login_required
def safety_alert_view(request: AuthedRequest, family_uuid: UUID, alert_uuid: UUID) -> HttpResponse:
    """The alert and its response form. The practitioner, their supervisor or anyone carrying the family
    may respond; nothing closes the alert but a recorded response."""
    family = _family(request, family_uuid)
    alert = (
        SafetyAlert.objects.filter(family=family, uuid=alert_uuid)
        .select_related("result", "practitioner", "supervisor", "responded_by")
        .first()
    )
    if alert is None:
        raise _refuse(request, family, "safetyalert", alert_uuid)
    # An alert reaches whoever must answer it, grant or not; only the screen that raised it may be kept
    # from them.
    screen_shown = shown_to(alert.result, visible_sensitive_categories(user=request.user, family=family))
    if screen_shown:
        audit_category_reads(
            request,
            family,
            {alert.result.sensitive_category},
            subject_type="safetyalert",
            subject_id=alert.uuid,
        )
    user = request.user
    may_respond = user.pk in (alert.practitioner_id, alert.supervisor_id) or can(
        user, Action.FAMILY_EDIT, family
    )
    form = AlertResponseForm(request.POST or None)
    if request.method == "POST":
        if not may_respond:
            raise _refuse(request, family, "safetyalert", alert_uuid)
        if form.is_valid():
            try:
                safety_alert_respond(
                    alert=alert, by=user, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"]
                )
            except RecordInvalid as refused:
                add_errors(form, refused)
            else:
                messages.success(request, _("Response recorded; the alert is closed."))
                return redirect("safety_alert", family_uuid=family.uuid, alert_uuid=alert.uuid)
    return render(
        request,
        "screening/alert.html",
        {
            "family": family,
            "alert": alert,
            "result": alert.result if screen_shown else None,
            "screen_shown": screen_shown,
            "form": form,
            "may_respond": may_respond and alert.is_open,
            "response_minutes": _minutes(alert),
            "record_parts": record_parts(actor=user, family=family, record=alert),
        },
    )


@require_GET_or_POST
@login_required
def follow_up_view(request: AuthedRequest, family_uuid: UUID, task_uuid: UUID) -> HttpResponse:
    """A follow-up task, what raised it, and the form that closes it with what was done. Whoever may edit
    the family closes it; whoever may see the family reads it."""
    family = _family(request, family_uuid)
    task = (
        Task.objects.filter(family=family, uuid=task_uuid)
        .select_related("family", "done_by")
        .prefetch_related("source")
        .first()
    )
    if task is None:
        raise _refuse(request, family, "followuptask", task_uuid)
    _require_shown(request, family, task)
    audit_category_reads(
        request, family, {task.sensitive_category}, subject_type="task", subject_id=task.uuid
    )
    may_close = can(request.user, Action.FAMILY_EDIT, family)
    form = FollowUpDoneForm(request.POST or None, initial={"version": task.version})
    result = task.source if isinstance(task.source, ScreeningResult) else None
    if result is None:
        del form.fields["rescreen_on"]  # a growth task is measured again, not screened
    if request.method == "POST":
        if not may_close:
            raise _refuse(request, family, "followuptask", task_uuid)
        if form.is_valid():
            try:
                follow_up_task_complete(
                    task=task,
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                    version=form.cleaned_data["version"],
                    rescreen_on=form.cleaned_data.get("rescreen_on"),
                )
            except RecordInvalid as refused:
                add_errors(form, refused)
                task.refresh_from_db()
            else:
                messages.success(request, _("What was done is recorded; the task is closed."))
                return redirect("follow_up", family_uuid=family.uuid, task_uuid=task.uuid)
    follow_on = None
    if may_close and task.is_open and result is not None and follow_on_of(result) is not None:
        history = results_for(family=family, subject=result.person)
        follow_on = _follow_on_offer(family, result, history)
    return render(
        request,
        "screening/follow_up.html",
        {
            "family": family,
            "task": task,
            "form": form,
            "may_close": may_close and task.is_open,
            "follow_on": follow_on,
            "record_parts": record_parts(actor=request.user, family=family, record=task),
        },
    )
