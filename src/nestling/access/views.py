from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nestling.access.forms import BreakGlassForm, ReviewForm
from nestling.access.models import BreakGlassAccess
from nestling.access.policy import Action
from nestling.access.services import BreakGlassRefused, break_glass_open, break_glass_review
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest


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


@login_required
def break_glass_reviews(request: AuthedRequest) -> HttpResponse:
    require(request, Action.BREAK_GLASS_REVIEW)
    accesses = (
        BreakGlassAccess.objects.filter(organization_id=request.user.organization_id)
        .select_related("user", "family", "reviewed_by")
        .order_by("reviewed_at", "-started_at")[:200]
    )
    return render(request, "access/break_glass_review.html", {"accesses": accesses, "form": ReviewForm()})


@login_required
@require_POST
def break_glass_review_record(request: AuthedRequest, access_uuid: UUID) -> HttpResponse:
    require(request, Action.BREAK_GLASS_REVIEW)
    access = get_object_or_404(
        BreakGlassAccess.objects.select_related("family"),
        uuid=access_uuid,
        organization_id=request.user.organization_id,
    )
    form = ReviewForm(request.POST)
    if form.is_valid():
        break_glass_review(access=access, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Review recorded."))
    else:
        messages.error(request, _("The review note is too long."))
    return redirect("break_glass_review")
