"""Scheduling a visit, its page, recording it as held, and what else becomes of it (missed, cancelled,
rescheduled)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.families.models import Family
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.visits.errors import VisitClash
from nestling.visits.forms import (
    VisitCancelForm,
    VisitMissedForm,
    VisitRecordForm,
    VisitRescheduleForm,
    VisitScheduleForm,
)
from nestling.visits.models import Visit, VisitSetting, VisitStatus
from nestling.visits.selectors import (
    ClashRow,
    care_team,
    clash_rows,
    family_people,
    family_visits,
    goals_to_work_on,
    service_types_for,
    visit_colleagues,
    visit_recorded_values,
)
from nestling.visits.services import (
    visit_cancel,
    visit_mark_missed,
    visit_record,
    visit_reschedule,
    visit_schedule,
)
from nestling.visits.views.common import rebased_on, safe_next, show_stale, visit_family, visit_of
from nestling.visits.views.note_page import render_visit_page

DEFAULT_MINUTES = 60


def visit_url(visit: Visit, anchor: str = "") -> str:
    return reverse("visit_detail", args=[visit.family.uuid, visit.uuid]) + (f"#{anchor}" if anchor else "")


def _form_page(
    request: AuthedRequest,
    *,
    family: Family,
    form: Any,
    title: str,
    submit: str,
    back_url: str,
    visit: Visit | None = None,
    clashes: list[ClashRow] | None = None,
    intro: str = "",
    status: int = 200,
) -> HttpResponse:
    hidden = [] if clashes else ["confirm_clash"]
    return render(
        request,
        "visits/visit_form.html",
        {
            "family": family,
            "visit": visit,
            "form": form,
            "title": title,
            "submit": submit,
            "back_url": back_url,
            "clashes": clashes,
            "hidden_questions": hidden,
            "intro": intro,
        },
        status=status,
    )


@require_GET_or_POST
@login_required
def visit_schedule_view(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    """Schedule a visit; `?next=` is where to go back to afterwards (the worklist, the week)."""
    family = visit_family(request, family_uuid, Action.FAMILY_EDIT)
    kwargs = {
        "team": care_team(family=family),
        "colleagues": visit_colleagues(family=family, user=request.user),
    }
    form = VisitScheduleForm(
        request.POST or None,
        initial={
            "visit_on": timezone.localdate(),
            "duration_minutes": DEFAULT_MINUTES,
            "setting": VisitSetting.HOME,
            "practitioner": request.user.uuid,
            "next": safe_next(request, request.GET.get("next")),
        },
        **kwargs,
    )
    clashes = None
    back = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = visit_schedule(
                family=family,
                by=request.user,
                visit_on=data["visit_on"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                setting=data["setting"],
                place=data["place"],
                practitioner=data["practitioner"],
                co_practitioners=list(data["co_practitioners"]),
                confirm_clash=data["confirm_clash"],
                client_id=data["client_id"],
            )
        except VisitClash as clash:
            clashes = clash_rows(actor=request.user, clashes=clash.clashes)
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Visit scheduled."))
            return redirect(back or visit_url(visit))
    return _form_page(
        request,
        family=family,
        form=form,
        title=_("Schedule a visit"),
        submit=_("Schedule the visit"),
        back_url=back or reverse("family_detail", args=[family.uuid]),
        clashes=clashes,
    )


@require_safe
@login_required
def family_visits_view(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = visit_family(request, family_uuid)
    return render(
        request,
        "visits/family_visits.html",
        {
            "family": family,
            "visits": family_visits(actor=request.user, family=family),
            "can_edit": can(request.user, Action.FAMILY_EDIT, family),
        },
    )


@require_safe
@login_required
def visit_detail(request: AuthedRequest, family_uuid: UUID, visit_uuid: UUID) -> HttpResponse:
    family = visit_family(request, family_uuid)
    visit = visit_of(request, family, visit_uuid)
    return render_visit_page(request, family=family, visit=visit)


@require_GET_or_POST
@login_required
def visit_record_view(request: AuthedRequest, family_uuid: UUID, visit_uuid: UUID) -> HttpResponse:
    """Record the visit as held (who was there, services for each patient, goals), or correct that."""
    family = visit_family(request, family_uuid, Action.FAMILY_EDIT)
    visit = visit_of(request, family, visit_uuid)
    kwargs: dict[str, Any] = {
        "people": family_people(family=family),
        "service_types": list(service_types_for(organization_id=family.organization_id)),
        "goals": goals_to_work_on(family=family, visit=visit),
    }
    status = 200
    if request.method == "POST":
        form = VisitRecordForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                visit_record(
                    visit=visit, by=request.user, version=form.cleaned_data["version"], **form.values()
                )
            except StaleEdit as refusal:
                form = VisitRecordForm(rebased_on(request, refusal), **kwargs)
                form.is_valid()
                show_stale(form, refusal)
                status = 409
            except RecordInvalid as refusal:
                add_errors(form, refusal)
            else:
                messages.success(request, _("Visit recorded."))
                return redirect(visit_url(visit, "note"))
    else:
        recorded = visit_recorded_values(visit=visit)
        initial: dict[str, Any] = {
            "version": visit.version,
            "present": recorded.present,
            "others_present": visit.others_present,
            "interpreter_language": visit.interpreter_language,
            "goals": recorded.goals,
        }
        initial |= {f"service_{code}": subjects for code, subjects in recorded.services.items()}
        form = VisitRecordForm(initial=initial, **kwargs)
    return render(
        request,
        "visits/visit_record.html",
        {"family": family, "visit": visit, "form": form},
        status=status,
    )


def _status_flow(
    request: AuthedRequest,
    *,
    family: Family,
    visit: Visit,
    form_class: type[Any],
    save: Callable[[dict[str, Any]], Visit],
    title: str,
    submit: str,
    done: str,
    form_kwargs: dict[str, Any] | None = None,
    initial: dict[str, Any] | None = None,
    intro: str = "",
) -> HttpResponse:
    """GET shows the form at the visit's version; POST saves through `save(data)`; a stale or refused
    save keeps what was typed. A clash asks before the new visit is made (rescheduling)."""
    kwargs = form_kwargs or {}
    clashes = None
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                saved = save(form.cleaned_data)
            except VisitClash as clash:
                clashes = clash_rows(actor=request.user, clashes=clash.clashes)
            except StaleEdit as refusal:
                form = form_class(rebased_on(request, refusal), **kwargs)
                form.is_valid()
                show_stale(form, refusal)
                status = 409
            except RecordInvalid as refusal:
                add_errors(form, refusal)
            else:
                messages.success(request, done)
                return redirect(visit_url(saved))
    else:
        form = form_class(initial={"version": visit.version, **(initial or {})}, **kwargs)
    return _form_page(
        request,
        family=family,
        visit=visit,
        form=form,
        title=title,
        submit=submit,
        back_url=visit_url(visit),
        clashes=clashes,
        intro=intro,
        status=status,
    )


@require_GET_or_POST
@login_required
def visit_missed_view(request: AuthedRequest, family_uuid: UUID, visit_uuid: UUID) -> HttpResponse:
    family = visit_family(request, family_uuid, Action.FAMILY_EDIT)
    visit = visit_of(request, family, visit_uuid)
    return _status_flow(
        request,
        family=family,
        visit=visit,
        form_class=VisitMissedForm,
        save=lambda data: visit_mark_missed(
            visit=visit,
            by=request.user,
            version=data["version"],
            reason=data["missed_reason"],
            note=data["status_note"],
        ),
        title=_("The visit was missed"),
        submit=_("Mark missed"),
        done=_("Marked missed. Reschedule it from the visit's page when you have a new time."),
    )


@require_GET_or_POST
@login_required
def visit_cancel_view(request: AuthedRequest, family_uuid: UUID, visit_uuid: UUID) -> HttpResponse:
    family = visit_family(request, family_uuid, Action.FAMILY_EDIT)
    visit = visit_of(request, family, visit_uuid)
    return _status_flow(
        request,
        family=family,
        visit=visit,
        form_class=VisitCancelForm,
        save=lambda data: visit_cancel(
            visit=visit,
            by=request.user,
            version=data["version"],
            cancelled_by=data["cancelled_by"],
            reason=data["status_note"],
        ),
        title=_("Cancel the visit"),
        submit=_("Cancel the visit"),
        done=_("Visit cancelled."),
        intro=_("To move it to another day or time instead, reschedule it."),
    )


@require_GET_or_POST
@login_required
def visit_reschedule_view(request: AuthedRequest, family_uuid: UUID, visit_uuid: UUID) -> HttpResponse:
    family = visit_family(request, family_uuid, Action.FAMILY_EDIT)
    visit = visit_of(request, family, visit_uuid)
    missed = visit.status == VisitStatus.MISSED
    return _status_flow(
        request,
        family=family,
        visit=visit,
        form_class=VisitRescheduleForm,
        form_kwargs={"missed": missed},
        initial={
            "client_id": uuid.uuid4(),
            "starts_at": visit.starts_at,
            "duration_minutes": visit.duration_minutes,
            "setting": visit.setting,
            "place": visit.place,
        },
        save=lambda data: visit_reschedule(
            visit=visit,
            by=request.user,
            version=data["version"],
            cancelled_by=data.get("cancelled_by", ""),
            reason=data["status_note"],
            visit_on=data["visit_on"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            setting=data["setting"],
            place=data["place"],
            confirm_clash=data["confirm_clash"],
            client_id=data["client_id"],
        ),
        title=_("Reschedule the visit"),
        submit=_("Reschedule"),
        done=_("Rescheduled: this is the new visit."),
        intro=_("The missed visit stays in the record, linked to the new one.")
        if missed
        else _("This visit is cancelled and the new one made; both stay in the record, linked."),
    )
