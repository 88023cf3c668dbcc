"""A program's screening schedule, for its manager or the organization admin."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can
from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.organizations.models import Program
from nestling.records.errors import RecordInvalid
from nestling.screening.forms import (
    BaseScheduleFormSet,
    ScheduleFormSet,
    ScheduleVersionForm,
)
from nestling.screening.models import (
    ProgramSchedule,
)
from nestling.screening.program import DEFAULT_SCHEDULE, screen_to_row
from nestling.screening.selectors import program_schedule
from nestling.screening.services import (
    ScheduleChanged,
    program_schedule_save,
)
from nestling.screening.words import schedule_lines


def _program_for_schedule(request: AuthedRequest, program_uuid: UUID) -> Program:
    program = (
        Program.objects.filter(uuid=program_uuid, organization_id=request.user.organization_id)
        .select_related("screening_schedule__updated_by")
        .first()
    )
    if program is None or not can(request.user, Action.SCHEDULE_MANAGE, program):
        raise Http404
    return program


@require_GET_or_POST
@login_required
def program_schedule_view(request: AuthedRequest, program_uuid: UUID) -> HttpResponse:
    """A program's screening schedule: what is due for whom and when, edited as one table.

    A save over someone else's newer save is refused; the editor keeps what they typed and sees the
    schedule as it is now, and saving again then replaces it knowingly."""
    program = _program_for_schedule(request, program_uuid)
    stored: ProgramSchedule | None = getattr(program, "screening_schedule", None)
    version = stored.version if stored is not None else 0
    if request.method != "POST":
        initial = [screen_to_row(screen) for screen in program_schedule(program)]
        formset = ScheduleFormSet(initial=initial, prefix="row")
        return _schedule_page(request, program, stored, formset, version)
    formset = ScheduleFormSet(request.POST, prefix="row")
    version_form = ScheduleVersionForm(request.POST)
    use_default = request.POST.get("action") == "default"
    errors: list[str] = []
    if not version_form.is_valid():
        errors.append(_("The form was incomplete: reload the page and try again."))
    elif use_default or formset.is_valid():
        rows = [] if use_default else formset.rows()
        try:
            program_schedule_save(
                program=program, rows=rows, by=request.user, version=version_form.cleaned_data["version"]
            )
        except ScheduleChanged as changed:
            errors.append(
                _(
                    "%(name)s saved this schedule while you were editing it, so nothing was saved. Your "
                    "changes are still below and the schedule as it is now is shown above them: save "
                    "again to replace it."
                )
                % {"name": changed.by or _("Someone else")}
            )
            return _schedule_page(
                request, program, stored, formset, changed.current_version, errors, status=409, changed=True
            )
        except RecordInvalid as refused:
            errors.extend(message for found in refused.errors.values() for message in found)
        else:
            if use_default or not rows:
                messages.success(request, _("The program now uses Nestling's default schedule."))
            else:
                messages.success(request, _("Schedule saved."))
            return redirect("program_schedule", program_uuid=program.uuid)
    else:
        errors.append(_("Some lines have a problem: see the marked lines below."))
    return _schedule_page(request, program, stored, formset, version, errors, status=400)


def _saved_lines(stored: ProgramSchedule | None) -> list[str]:
    rows = stored.rows if stored is not None else [screen_to_row(screen) for screen in DEFAULT_SCHEDULE]
    return schedule_lines(rows)


def _schedule_page(
    request: AuthedRequest,
    program: Program,
    stored: ProgramSchedule | None,
    formset: BaseScheduleFormSet,
    version: int,
    errors: list[str] | None = None,
    status: int = 200,
    changed: bool = False,
) -> HttpResponse:
    current = None
    if changed:
        # The schedule someone else saved, read now (the program was loaded before their save).
        current = ProgramSchedule.objects.filter(program=program).select_related("updated_by").first()
    return render(
        request,
        "screening/program_schedule.html",
        {
            "program": program,
            "stored": current if changed else stored,
            "current_lines": _saved_lines(current) if changed else None,
            "formset": formset,
            "version": version,
            "errors": errors or [],
        },
        status=status,
    )
