"""A follow-up task and what was done."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can
from nestling.access.shortcuts import audit_category_reads
from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.families.contributions import record_parts
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid
from nestling.screening.follow_on import follow_on_of
from nestling.screening.forms import FollowUpDoneForm
from nestling.screening.models import ScreeningResult
from nestling.screening.selectors import results_for
from nestling.screening.services import follow_up_task_complete
from nestling.screening.views.common import _family, _refuse, _require_shown
from nestling.screening.views.screens import _follow_on_offer
from nestling.tasks.models import Task


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
