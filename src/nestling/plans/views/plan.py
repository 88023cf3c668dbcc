"""The care plan's pages: start a plan, read it, change it, review it."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can
from nestling.access.shortcuts import audit_category_reads
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.families.views.editing import (
    STALE_MESSAGE,
    add_errors,
    create_flow,
    edit_flow,
    rebased,
    render_form,
)
from nestling.plans.forms import PLAN_FIELDS, PlanCreateForm, PlanEditForm, PlanReviewForm
from nestling.plans.pages import plan_page
from nestling.plans.services.plan import care_plan_create, care_plan_update, plan_review_record
from nestling.plans.views.common import CATEGORY, family_of, plan_of, plan_url
from nestling.records.errors import RecordInvalid, StaleEdit

FIRST_REVIEW_DAYS = 90  # the review date a new plan's form suggests


@require_GET_or_POST
@login_required
def plan_add(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    """Start the family's care plan for its open episode of care."""
    family = family_of(request, family_uuid, edit=True)
    today = timezone.localdate()
    return create_flow(
        request,
        family=family,
        form_class=PlanCreateForm,
        initial={"started_on": today, "review_on": today + timedelta(days=FIRST_REVIEW_DAYS)},
        save=lambda data: care_plan_create(
            family=family,
            by=request.user,
            client_id=data["client_id"],
            started_on=data["started_on"],
            review_on=data["review_on"],
            summary=data["summary"],
        ),
        title=_("Start a care plan"),
        submit=_("Start the plan"),
        done=_("Care plan started: add a goal for each patient the family wants to work on."),
        next_url=lambda plan: plan_url(family, plan),
        intro=_(
            "A plan holds the goals for the caregiver, the child and their relationship. A task reminds "
            "you to review it with the family by the review date."
        ),
    )


@require_safe
@login_required
def care_plan(request: AuthedRequest, family_uuid: UUID, plan_uuid: UUID) -> HttpResponse:
    """The plan: goals by patient (closed ones too), reviews, and every earlier version."""
    family = family_of(request, family_uuid)
    plan = plan_of(request, family, plan_uuid)
    page = plan_page(user=request.user, family=family, plan=plan)
    # A sensitive motivation shown is a read of its category.
    audit_category_reads(request, family, page.shown_categories, subject_type=CATEGORY, subject_id=plan.uuid)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "family": family,
            "plan": plan,
            "page": page,
            "can_edit": plan.is_open and can(request.user, Action.FAMILY_EDIT, family),
        },
    )


@require_GET_or_POST
@login_required
def plan_edit(request: AuthedRequest, family_uuid: UUID, plan_uuid: UUID) -> HttpResponse:
    family = family_of(request, family_uuid, edit=True)
    plan = plan_of(request, family, plan_uuid)
    return edit_flow(
        request,
        family=family,
        form_class=PlanEditForm,
        names=PLAN_FIELDS,
        record=plan,
        save=lambda version, changes: care_plan_update(
            plan=plan, by=request.user, version=version, **changes
        ),
        title=_("Change the care plan"),
        submit=_("Save the plan"),
        done=_("Care plan saved; what it said before stays in its history."),
        next_url=plan_url(family, plan),
        intro=_("A new review date moves the review task to it."),
    )


@require_GET_or_POST
@login_required
def plan_review_add(request: AuthedRequest, family_uuid: UUID, plan_uuid: UUID) -> HttpResponse:
    """Record a review of the plan; the review task closes and the next one opens."""
    family = family_of(request, family_uuid, edit=True)
    plan = plan_of(request, family, plan_uuid)
    today = timezone.localdate()
    stale = None
    if request.method == "POST":
        form = PlanReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan_review_record(
                    plan=plan,
                    by=request.user,
                    version=data["version"],
                    reviewed_on=data["reviewed_on"],
                    note=data["note"],
                    next_review_on=data["next_review_on"],
                    client_id=data["client_id"],
                )
            except StaleEdit as refusal:
                # Saving again records the review over the plan as it is now: what changed is shown.
                form = PlanReviewForm(rebased(request, refusal))
                form.is_valid()
                form.add_error(None, STALE_MESSAGE)
                stale = refusal.changes
            except RecordInvalid as refusal:
                add_errors(form, refusal)
            else:
                messages.success(request, _("Review recorded; the next review is on the task list."))
                return redirect(plan_url(family, plan, "reviews"))
    else:
        form = PlanReviewForm(
            initial={
                "version": plan.version,
                "reviewed_on": today,
                "next_review_on": today + timedelta(days=FIRST_REVIEW_DAYS),
            }
        )
    return render_form(
        request,
        family=family,
        form=form,
        title=_("Review the care plan"),
        submit=_("Record the review"),
        intro=_(
            "Look at each goal with the family: rate its progress, close what is met, set what comes next."
        ),
        stale=stale,
        back_url=plan_url(family, plan),
        status=409 if stale else 200,
    )
