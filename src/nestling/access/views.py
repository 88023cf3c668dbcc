from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nestling.access.forms import BreakGlassForm, GrantForm, GrantWithdrawForm, ReviewForm
from nestling.access.grants import (
    MAX_GRANT_DAYS,
    sensitive_grant_get,
    sensitive_grant_give,
    sensitive_grant_withdraw,
    sensitive_grants_list,
)
from nestling.access.models import BreakGlassAccess
from nestling.access.policy import Action, staff_of_organization
from nestling.access.selectors import break_glass_access_to_review, break_glass_accesses_to_review
from nestling.access.services import BreakGlassRefused, break_glass_open, break_glass_review
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.records.errors import AlreadyClosed, RecordInvalid


@require_GET_or_POST
@login_required
def break_glass(request: AuthedRequest) -> HttpResponse:
    require(request, Action.BREAK_GLASS_OPEN)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access, granted = break_glass_open(
                user=request.user,
                family_reference=form.cleaned_data["reference"],
                reason=form.cleaned_data["reason"],
            )
        except BreakGlassRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if granted:
                messages.warning(
                    request,
                    _("Emergency access is open for %(hours)d hours. It has been recorded for review.")
                    % {"hours": settings.BREAK_GLASS_HOURS},
                )
            else:
                until = date_format(timezone.localtime(access.expires_at), "H:i")
                messages.info(
                    request,
                    _("You already have emergency access to this family until %(time)s.") % {"time": until},
                )
            return redirect("family_detail", family_uuid=access.family.uuid)
    context = {"form": form, "hours": settings.BREAK_GLASS_HOURS, "per_hour": settings.BREAK_GLASS_PER_HOUR}
    return render(request, "access/break_glass.html", context)


def _review_form(access: BreakGlassAccess, data: QueryDict | None = None) -> ReviewForm:
    # One form per access on the page: ids of their own, names the same.
    return ReviewForm(data, auto_id=f"review-{access.uuid}-%s")


def _review_page(
    request: AuthedRequest, *, failed: ReviewForm | None = None, failed_uuid: UUID | None = None
) -> HttpResponse:
    accesses = break_glass_accesses_to_review(actor=request.user)
    rows = [
        (access, failed if failed is not None and access.uuid == failed_uuid else _review_form(access))
        for access in accesses
    ]
    return render(request, "access/break_glass_review.html", {"rows": rows})


@require_safe
@login_required
def break_glass_reviews(request: AuthedRequest) -> HttpResponse:
    require(request, Action.BREAK_GLASS_REVIEW)
    return _review_page(request)


@login_required
@require_POST
def break_glass_review_record(request: AuthedRequest, access_uuid: UUID) -> HttpResponse:
    require(request, Action.BREAK_GLASS_REVIEW)
    access = break_glass_access_to_review(actor=request.user, access_uuid=access_uuid)
    form = _review_form(access, request.POST)
    if form.is_valid():
        try:
            break_glass_review(
                access=access,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except AlreadyClosed as closed:
            # The row now shows the first review; say who made it.
            messages.error(request, " ".join(closed.errors[""]))
            return redirect("break_glass_review")
        except RecordInvalid as invalid:
            for field, problems in invalid.errors.items():
                for problem in problems:
                    form.add_error(field or None, problem)
        else:
            messages.success(request, _("Review recorded."))
            return redirect("break_glass_review")
    return _review_page(request, failed=form, failed_uuid=access.uuid)


@require_GET_or_POST
@login_required
def grants(request: AuthedRequest) -> HttpResponse:
    """The privacy officer's page of sensitive-category grants: who holds which now, the ended ones, and
    a form to give one."""
    require(request, Action.GRANTS_MANAGE)
    form = GrantForm(request.POST or None, people=staff_of_organization(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            grant = sensitive_grant_give(
                by=request.user,
                person=form.cleaned_data["person"],
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except RecordInvalid as invalid:
            for field, problems in invalid.errors.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(
                request,
                _("%(name)s sees %(category)s from now on, until the end of %(until)s.")
                % {
                    "name": grant.user,
                    "category": grant.get_category_display(),
                    "until": date_format(form.cleaned_data["ends_on"]),
                },
            )
            return redirect("sensitive_grants")
    lists = sensitive_grants_list(actor=request.user)
    context = {
        "form": form,
        "lists": lists,
        "max_days": MAX_GRANT_DAYS,
    }
    return render(request, "access/grants.html", context)


@login_required
@require_POST
def grant_withdraw(request: AuthedRequest, grant_uuid: UUID) -> HttpResponse:
    require(request, Action.GRANTS_MANAGE)
    grant = sensitive_grant_get(actor=request.user, grant_uuid=grant_uuid)
    form = GrantWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the grant is withdrawn."))
        return redirect("sensitive_grants")
    try:
        sensitive_grant_withdraw(by=request.user, grant=grant, reason=form.cleaned_data["reason"])
    except RecordInvalid as invalid:
        for problems in invalid.errors.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(
            request,
            _("%(name)s no longer sees %(category)s.")
            % {"name": grant.user, "category": grant.get_category_display()},
        )
    return redirect("sensitive_grants")
