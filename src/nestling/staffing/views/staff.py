"""The organization admin's staff pages: invite, one person's page, roles, reactivation, invitations."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, can
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.accounts.models import RoleAssignment
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid
from nestling.staffing.forms import InviteForm, RoleForm
from nestling.staffing.selectors import programs_of, staff_member, staff_page
from nestling.staffing.services.invitations import (
    LinkBuilder,
    invitation_resend,
    invitation_revoke,
    staff_invite,
)
from nestling.staffing.services.staff import staff_reactivate, staff_role_add, staff_role_remove
from nestling.workforce.permissions import may_read_staff


def _link_builder(request: AuthedRequest) -> LinkBuilder:
    return lambda token: request.build_absolute_uri(reverse("invitation_accept", args=[token]))


def _refused(request: AuthedRequest, refusal: RecordInvalid) -> None:
    for problems in refusal.errors.values():
        for problem in problems:
            messages.error(request, problem)


@require_GET_or_POST
@login_required
def invite(request: AuthedRequest) -> HttpResponse:
    require(request, Action.STAFF_MANAGE)
    form = InviteForm(request.POST or None, programs=programs_of(actor=request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = staff_invite(
                by=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                roles=data["roles"],
                program=data["program"],
                build_link=_link_builder(request),
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(
                request,
                _("%(name)s is invited: the sign-up link went to %(email)s.")
                % {"name": invitation.user, "email": invitation.user.email},
            )
            return redirect("staff_person", user_uuid=invitation.user.uuid)
    return render(request, "staffing/invite.html", {"form": form})


@require_safe
@login_required
def person(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    require(request, Action.STAFF_VIEW)
    someone = staff_member(actor=request.user, user_uuid=user_uuid)
    page = staff_page(actor=request.user, person=someone)
    context = {
        "page": page,
        "role_form": RoleForm(programs=programs_of(actor=request.user), auto_id="role-%s"),
        "can_manage": can(request.user, Action.STAFF_MANAGE),
        "can_assign": can(request.user, Action.ASSIGNMENTS_MANAGE),
        # Their training, RS/C and qualification live on the practice record, where the reader may see it.
        "may_read_practice": may_read_staff(request.user, someone),
    }
    return render(request, "staffing/person.html", context)


@login_required
@require_POST
def role_add(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    someone = staff_member(actor=request.user, user_uuid=user_uuid, action=Action.STAFF_MANAGE)
    form = RoleForm(request.POST, programs=programs_of(actor=request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a role (and, for a program manager, a program or every program)."))
    else:
        try:
            staff_role_add(
                by=request.user,
                person=someone,
                role=form.cleaned_data["role"],
                program=form.cleaned_data["program"],
            )
        except RecordInvalid as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Role added."))
    return redirect("staff_person", user_uuid=someone.uuid)


@login_required
@require_POST
def role_remove(request: AuthedRequest, user_uuid: UUID, assignment_id: int) -> HttpResponse:
    someone = staff_member(actor=request.user, user_uuid=user_uuid, action=Action.STAFF_MANAGE)
    assignment = RoleAssignment.objects.filter(pk=assignment_id, user=someone).first()
    if assignment is None:
        raise AccessDenied(
            actor=request.user,
            action=str(Action.STAFF_MANAGE),
            category="account",
            subject_type="roleassignment",
            subject_id=str(assignment_id),
            organization_id=request.user.organization_id,
        )
    try:
        staff_role_remove(by=request.user, assignment=assignment)
    except RecordInvalid as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Role removed."))
    return redirect("staff_person", user_uuid=someone.uuid)


@login_required
@require_POST
def reactivate(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    someone = staff_member(actor=request.user, user_uuid=user_uuid, action=Action.STAFF_MANAGE)
    try:
        staff_reactivate(by=request.user, person=someone)
    except RecordInvalid as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("%(name)s can sign in again.") % {"name": someone})
    return redirect("staff_person", user_uuid=someone.uuid)


@login_required
@require_POST
def invitation_resend_view(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    someone = staff_member(actor=request.user, user_uuid=user_uuid, action=Action.STAFF_MANAGE)
    invitation = someone.invitations.order_by("-created_at").first()
    if invitation is None:
        messages.error(
            request, _("%(name)s was never invited; there is nothing to resend.") % {"name": someone}
        )
        return redirect("staff_person", user_uuid=someone.uuid)
    try:
        invitation_resend(by=request.user, invitation=invitation, build_link=_link_builder(request))
    except RecordInvalid as refusal:
        _refused(request, refusal)
    else:
        messages.success(
            request,
            _("A new link went to %(email)s; the earlier one no longer works.") % {"email": someone.email},
        )
    return redirect("staff_person", user_uuid=someone.uuid)


@login_required
@require_POST
def invitation_revoke_view(request: AuthedRequest, user_uuid: UUID) -> HttpResponse:
    someone = staff_member(actor=request.user, user_uuid=user_uuid, action=Action.STAFF_MANAGE)
    invitation = someone.invitations.order_by("-created_at").first()
    if invitation is None:
        messages.error(
            request, _("%(name)s was never invited; there is nothing to withdraw.") % {"name": someone}
        )
        return redirect("staff_person", user_uuid=someone.uuid)
    try:
        invitation_revoke(by=request.user, invitation=invitation)
    except RecordInvalid as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("The invitation is withdrawn: its link no longer works."))
    return redirect("staff_person", user_uuid=someone.uuid)
