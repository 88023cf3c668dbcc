"""The worklist, the week's schedule, and the calendar feed (its page and the feed itself)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from nestling.access.denials import AccessDenied, access_denial_audit
from nestling.access.policy import Action
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.accounts.models import User
from nestling.worklist.forms import FeedForm, SortForm, WeekForm
from nestling.worklist.ical import visits_calendar
from nestling.worklist.selectors.calendar_feed import calendar_feed_find, calendar_feed_live, feed_visits
from nestling.worklist.selectors.week import week_read
from nestling.worklist.selectors.whose import caseload_owner, caseload_owners
from nestling.worklist.selectors.worklist import worklist_read
from nestling.worklist.services import calendar_feed_make, calendar_feed_revoke, family_reads_audit

# The token just made, kept in the session from the POST until the page shows it once.
_NEW_TOKEN = "nestling_calendar_feed_token"


def _whose(request: AuthedRequest) -> tuple[User, list[User]]:
    require(request, Action.CASELOAD_VIEW)
    owners = caseload_owners(actor=request.user)
    wanted = request.GET.get("practitioner", "")
    return caseload_owner(actor=request.user, wanted=wanted, owners=owners), owners


@require_safe
@login_required
def worklist(request: AuthedRequest) -> HttpResponse:
    """Everything due across a caseload, one group per household, most urgent first."""
    practitioner, owners = _whose(request)
    sort_form = SortForm(request.GET or None)
    work = worklist_read(
        actor=request.user, practitioner=practitioner, sort=sort_form.chosen(), back=request.get_full_path()
    )
    family_reads_audit(
        actor=request.user,
        what="worklist",
        families=work.families,
        categories=work.shown_categories,
        detail={"path": request.path, "practitioner": str(practitioner.uuid)},
    )
    return render(
        request,
        "worklist/worklist.html",
        {
            "work": work,
            "owners": owners,
            "practitioner": practitioner,
            "own": practitioner.pk == request.user.pk,
            "sort_form": sort_form,
        },
    )


@require_safe
@login_required
def week_schedule(request: AuthedRequest) -> HttpResponse:
    """A practitioner's visits for one week, Monday to Sunday, with the visits that clash."""
    practitioner, owners = _whose(request)
    today = timezone.localdate()
    form = WeekForm(request.GET or None)
    day = form.cleaned_data["week"] if form.is_valid() and form.cleaned_data["week"] else today
    week = week_read(actor=request.user, practitioner=practitioner, day=day)
    family_reads_audit(
        actor=request.user,
        what="week_schedule",
        families=week.families,
        detail={"path": request.path, "practitioner": str(practitioner.uuid), "week": str(week.monday)},
    )
    return render(
        request,
        "worklist/week.html",
        {
            "week": week,
            "form": form,
            "today": today,
            "owners": owners,
            "practitioner": practitioner,
            "own": practitioner.pk == request.user.pk,
        },
    )


@require_GET_or_POST
@login_required
def calendar_feed(request: AuthedRequest) -> HttpResponse:
    """Make, remake or stop the secret address at which one's own visits reach a calendar app."""
    require(request, Action.CASELOAD_VIEW)
    form = FeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["action"] == "make":
            request.session[_NEW_TOKEN] = calendar_feed_make(user=request.user)
            messages.success(
                request, _("Your new calendar address is below. Any address you had before no longer works.")
            )
        elif calendar_feed_revoke(user=request.user):
            messages.success(
                request, _("Your calendar address no longer works. Make a new one whenever you like.")
            )
        else:
            messages.info(request, _("You had no calendar address to stop."))
        return redirect("calendar_feed")
    token = request.session.pop(_NEW_TOKEN, None)
    return render(
        request,
        "worklist/calendar_feed.html",
        {
            "form": form,
            "feed": calendar_feed_live(user=request.user),
            "address": request.build_absolute_uri(reverse("calendar_feed_ics", args=[token]))
            if token
            else "",
        },
    )


@require_safe
def calendar_feed_ics(request: AuthedRequest, token: str) -> HttpResponse:
    """One person's visits for their calendar app, at their secret address: no session needed. An
    unknown or stopped address is not found."""
    feed = calendar_feed_find(token=token)
    if feed is None:
        if request.user.is_authenticated:
            # Audited once, as every refusal to a signed-in person is, but here, without the path: it holds
            # the token, which is not to be written down.
            denied = AccessDenied(
                actor=request.user,
                action="calendar_feed.read",
                category="calendar_feed",
                subject_type="calendar_feed",
                organization_id=request.user.organization_id,
            )
            access_denial_audit(denied, writing=False)
        return page_not_found(request, Http404())
    visits = feed_visits(feed=feed, today=timezone.localdate())
    body = visits_calendar(visits, stamp=timezone.now())
    family_reads_audit(
        actor=feed.user,
        what="calendar_feed",
        families={visit.family_id: visit.family for visit in visits}.values(),
        detail={"feed": feed.pk},
        reason="read by a calendar app at the person's own secret address",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nestling-visits.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
