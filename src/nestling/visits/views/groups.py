"""A program's group sessions: the list, adding a session, its page, and each family's attendance."""

from __future__ import annotations

import contextlib
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, can
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.visits.forms import GroupAttendanceEditForm, GroupAttendanceForm, GroupSessionForm
from nestling.visits.group_selectors import (
    attendance_families,
    attendance_in_session,
    group_session_page,
    program_for_groups,
    program_sessions,
    session_for,
)
from nestling.visits.models import GroupKind, GroupSession
from nestling.visits.selectors import FACILITATING, family_people, staff_with_roles
from nestling.visits.services import group_attendance_record, group_attendance_update, group_session_create
from nestling.visits.views.common import rebased_on, show_stale

DEFAULT_GROUP_MINUTES = 90


def _session_url(session: GroupSession) -> str:
    return reverse("group_session", args=[session.uuid])


@require_safe
@login_required
def program_groups(request: AuthedRequest, program_uuid: UUID) -> HttpResponse:
    program = program_for_groups(actor=request.user, program_uuid=program_uuid)
    return render(
        request,
        "visits/program_groups.html",
        {
            "program": program,
            "sessions": program_sessions(actor=request.user, program=program),
            "may_add": can(request.user, Action.PROGRAM_GROUPS, program),
        },
    )


@require_GET_or_POST
@login_required
def group_session_add(request: AuthedRequest, program_uuid: UUID) -> HttpResponse:
    program = program_for_groups(actor=request.user, program_uuid=program_uuid, running=True)
    staff = staff_with_roles(organization_id=program.organization_id, roles=FACILITATING)
    form = GroupSessionForm(
        request.POST or None,
        staff=staff,
        initial={
            "kind": GroupKind.PARENT_BABY,
            "held_on": timezone.localdate(),
            "duration_minutes": DEFAULT_GROUP_MINUTES,
            "facilitators": [request.user.uuid],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = group_session_create(
                program=program,
                by=request.user,
                kind=data["kind"],
                topic=data["topic"],
                held_on=data["held_on"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                facilitators=list(data["facilitators"]),
                client_id=data["client_id"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Group session added."))
            return redirect(_session_url(session))
    return render(
        request,
        "visits/group_form.html",
        {
            "form": form,
            "title": _("Add a group session"),
            "submit": _("Add the session"),
            "program": program,
            "back_url": reverse("program_groups", args=[program.uuid]),
        },
    )


@require_safe
@login_required
def group_session_view(request: AuthedRequest, session_uuid: UUID) -> HttpResponse:
    session = session_for(actor=request.user, session_uuid=session_uuid)
    return render(
        request,
        "visits/group_session.html",
        {"page": group_session_page(actor=request.user, session=session)},
    )


@require_GET_or_POST
@login_required
def group_attendance_add(request: AuthedRequest, session_uuid: UUID) -> HttpResponse:
    """First choose one of your families of the program, then who of them came."""
    session = session_for(actor=request.user, session_uuid=session_uuid)
    families = attendance_families(actor=request.user, session=session)
    chosen = request.POST.get("family") or request.GET.get("family")
    if not chosen:
        return render(request, "visits/group_families.html", {"session": session, "families": list(families)})
    family = None
    with contextlib.suppress(ValueError):
        family = families.filter(uuid=UUID(chosen)).first()
    if family is None:
        raise AccessDenied(
            actor=request.user,
            action=str(Action.FAMILY_EDIT),
            category="groupattendance",
            subject_type="family",
            subject_id=chosen[:64],
            organization_id=request.user.organization_id,
        )
    people = family_people(family=family)
    form = GroupAttendanceForm(request.POST or None, people=people, initial={"family": family.uuid})
    if request.method == "POST" and form.is_valid():
        try:
            group_attendance_record(
                session=session,
                family=family,
                by=request.user,
                present=form.present_people(),
                note=form.cleaned_data["note"],
                client_id=form.cleaned_data["client_id"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Attendance recorded in the family's record."))
            return redirect(_session_url(session))
    return render(
        request,
        "visits/group_form.html",
        {
            "form": form,
            "title": _("Who of %(family)s came") % {"family": family.name},
            "submit": _("Save attendance"),
            "session": session,
            "back_url": _session_url(session),
        },
    )


@require_GET_or_POST
@login_required
def group_attendance_edit(request: AuthedRequest, session_uuid: UUID, attendance_uuid: UUID) -> HttpResponse:
    session = session_for(actor=request.user, session_uuid=session_uuid)
    attendance = attendance_in_session(
        actor=request.user, session=session, attendance_uuid=attendance_uuid, reading=request.method == "GET"
    )
    people = family_people(family=attendance.family)
    status = 200
    if request.method == "POST":
        form = GroupAttendanceEditForm(request.POST, people=people)
        if form.is_valid():
            try:
                group_attendance_update(
                    attendance=attendance,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    present=form.present_people(),
                    note=form.cleaned_data["note"],
                )
            except StaleEdit as refusal:
                form = GroupAttendanceEditForm(rebased_on(request, refusal), people=people)
                form.is_valid()
                show_stale(form, refusal)
                status = 409
            except RecordInvalid as refusal:
                add_errors(form, refusal)
            else:
                messages.success(request, _("Attendance saved."))
                return redirect(_session_url(session))
    else:
        form = GroupAttendanceEditForm(
            people=people,
            initial={
                "version": attendance.version,
                "present": [str(s.pk) for s in attendance.present.all()],
                "note": attendance.note,
            },
        )
    return render(
        request,
        "visits/group_form.html",
        {
            "form": form,
            "title": _("Who of %(family)s came") % {"family": attendance.family.name},
            "submit": _("Save attendance"),
            "session": session,
            "back_url": _session_url(session),
        },
        status=status,
    )
