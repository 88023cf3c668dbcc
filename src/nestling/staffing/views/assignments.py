"""A program manager's (or the organization admin's) assignment pages: families and who carries them,
one family's care team, a caseload moved when someone leaves, and who supervises whom."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nestling.access.policy import Action
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.accounts.models import Role
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid
from nestling.staffing.forms import AssignForm, CaseloadMoveForm, SupervisionForm
from nestling.staffing.selectors import (
    assignable_families,
    assignable_family,
    practitioners_to_assign,
    staff_member,
    staff_page,
    staff_with_role,
    supervision_link,
    supervision_links,
)
from nestling.staffing.services.assignments import assignment_end, caseload_move, family_assign
from nestling.staffing.services.supervision import supervision_end, supervision_start


@require_safe
@login_required
def board(request: AuthedRequest) -> HttpResponse:
    require(request, Action.ASSIGNMENTS_MANAGE)
    unassigned_only = request.GET.get("show") == "unassigned"
    families = assignable_families(actor=request.user, unassigned_only=unassigned_only)
    unassigned = sum(1 for f in families if not getattr(f, "care_team", None))
    context: dict[str, object] = {
        "families": families,
        "unassigned_only": unassigned_only,
        "unassigned": unassigned,
        "practitioners": list(practitioners_to_assign(actor=request.user)),
    }
    return render(request, "staffing/assignments.html", context)


@require_GET_or_POST
@login_required
def family(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    require(request, Action.ASSIGNMENTS_MANAGE)
    household = assignable_family(actor=request.user, family_uuid=family_uuid)
    form = AssignForm(
        request.POST if request.POST.get("action") == "assign" else None,
        practitioners=practitioners_to_assign(actor=request.user),
    )
    if request.method == "POST" and request.POST.get("action") == "end":
        ending = next((a for a in household.care_team if str(a.pk) == request.POST.get("assignment")), None)  # type: ignore[attr-defined]
        if ending is None:
            messages.error(request, _("That assignment has already ended."))
        else:
            assignment_end(by=request.user, assignment=ending)
            messages.success(
                request, _("%(name)s no longer carries this family.") % {"name": ending.practitioner}
            )
        return redirect("family_assignment", family_uuid=household.uuid)
    if request.method == "POST" and form.is_valid():
        try:
            made = family_assign(
                by=request.user,
                family=household,
                practitioner=form.cleaned_data["practitioner"],
                kind=form.cleaned_data["kind"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            if made is None:
                messages.info(request, _("Nothing changed: they already hold that assignment."))
            else:
                messages.success(
                    request,
                    _("%(name)s now carries %(family)s (%(kind)s).")
                    % {"name": made.practitioner, "family": household.name, "kind": made.get_kind_display()},
                )
            return redirect("family_assignment", family_uuid=household.uuid)
    return render(request, "staffing/family_assignment.html", {"family": household, "form": form})


@require_GET_or_POST
@login_required
def move_caseload(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    require(request, Action.ASSIGNMENTS_MANAGE)
    leaver = staff_member(actor=request.user, user_uuid=user_uuid, action=Action.STAFF_VIEW)
    page = staff_page(actor=request.user, person=leaver)
    choices = [
        (str(a.family.uuid), f"{a.family.name} · {a.get_kind_display()} · {a.family.program}")
        for a in page.assignments
    ]
    form = CaseloadMoveForm(
        request.POST or None,
        practitioners=practitioners_to_assign(actor=request.user).exclude(pk=leaver.pk),
        families=choices,
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved = caseload_move(
                by=request.user,
                from_user=leaver,
                to_user=form.cleaned_data["to_user"],
                reason=form.cleaned_data["reason"],
                family_uuids=form.cleaned_data["families"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(
                request,
                ngettext(
                    "%(families)d family moved to %(name)s, with %(tasks)d open tasks.",
                    "%(families)d families moved to %(name)s, with %(tasks)d open tasks.",
                    moved.families,
                )
                % {"families": moved.families, "name": form.cleaned_data["to_user"], "tasks": moved.tasks},
            )
            return redirect("staff_person", user_uuid=leaver.uuid)
    return render(request, "staffing/caseload_move.html", {"page": page, "form": form})


@require_GET_or_POST
@login_required
def supervision(request: AuthedRequest) -> HttpResponse:
    require(request, Action.ASSIGNMENTS_MANAGE)
    form = SupervisionForm(
        request.POST or None,
        supervisees=practitioners_to_assign(actor=request.user),
        supervisors=staff_with_role(actor=request.user, role=Role.SUPERVISOR),
    )
    if request.method == "POST" and form.is_valid():
        try:
            link = supervision_start(by=request.user, **form.cleaned_data)
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(
                request,
                _("%(supervisor)s now supervises %(supervisee)s.")
                % {"supervisor": link.supervisor, "supervisee": link.supervisee},
            )
            return redirect("supervision")
    links = supervision_links(actor=request.user)
    return render(request, "staffing/supervision.html", {"form": form, "links": links})


@login_required
@require_POST
def supervision_end_view(request: AuthedRequest, link_id: int) -> HttpResponse:
    link = supervision_link(actor=request.user, link_id=link_id)
    try:
        supervision_end(by=request.user, link=link)
    except RecordInvalid as refusal:
        for problems in refusal.errors.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(
            request,
            _("%(supervisor)s no longer supervises %(supervisee)s from tomorrow.")
            % {"supervisor": link.supervisor, "supervisee": link.supervisee},
        )
    return redirect("supervision")
