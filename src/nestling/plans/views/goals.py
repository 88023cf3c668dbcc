"""A goal's pages: set it, read it (its progress as a chart and a table), change it, close it, rate its
progress."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can, shown_to
from nestling.access.shortcuts import audit_category_reads
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.families.contributions import record_parts
from nestling.families.models import Family
from nestling.families.views.editing import STALE_MESSAGE, add_errors, create_flow, edit_flow, rebased
from nestling.plans.forms import KEEP, GoalCloseForm, GoalCreateForm, GoalEditForm, GoalForm, ProgressForm
from nestling.plans.models import CarePlan, Goal
from nestling.plans.pages import goal_page
from nestling.plans.selectors import (
    family_patients,
    goal_motivation,
    motivation_key,
    motivation_options,
    reader_categories,
    responsible_staff,
    service_types_offered,
)
from nestling.plans.services.goals import goal_close, goal_create, goal_progress_record, goal_update
from nestling.plans.views.common import family_of, goal_of, goal_url, plan_of, plan_url
from nestling.records.errors import OtherChange, RecordInvalid, StaleEdit
from nestling.screening.models import ScreeningResult

GOAL_REVIEW_DAYS = 90  # the review date a new goal's form suggests


def _form_kwargs(request: AuthedRequest, family: Family, goal: Goal | None = None) -> dict[str, Any]:
    """What a goal's form offers: the family's patients, the motivations the reader may see, the staff and
    the service types. A goal being changed keeps what it has, offered though no longer offered to new
    goals: its retired services, a responsible colleague who has left, a screen since entered in error."""
    categories = reader_categories(user=request.user, family=family)
    options = motivation_options(family=family, categories=categories)
    staff = list(responsible_staff(organization_id=family.organization_id))
    current = goal_motivation(goal) if goal is not None else None
    hidden = current is not None and not shown_to(current, categories)
    keeping: list[int] = []
    if goal is not None:
        keeping = [row.service_type_id for row in goal.planned_services.all()]
        if goal.responsible is not None and goal.responsible not in staff:
            staff.append(goal.responsible)
        if isinstance(current, ScreeningResult) and not hidden and current not in options.results:
            options = replace(options, results=[current, *options.results])
    return {
        "patients": family_patients(family=family),
        "options": options,
        "staff": staff,
        "service_types": service_types_offered(organization_id=family.organization_id, keeping=keeping),
        "hidden_motivation": hidden,
    }


def _goal_form_page(
    request: AuthedRequest,
    *,
    family: Family,
    plan: CarePlan,
    form: GoalForm,
    title: str,
    submit: str,
    back_url: str,
    stale: list[OtherChange] | None = None,
) -> HttpResponse:
    return render(
        request,
        "plans/goal_form.html",
        {
            "family": family,
            "plan": plan,
            "form": form,
            "title": title,
            "submit": submit,
            "back_url": back_url,
            "stale": stale,
        },
        status=409 if stale else 200,
    )


@require_GET_or_POST
@login_required
def goal_add(request: AuthedRequest, family_uuid: UUID, plan_uuid: UUID) -> HttpResponse:
    """Set a goal in the plan for a caregiver, a child or a relationship."""
    family = family_of(request, family_uuid, edit=True)
    plan = plan_of(request, family, plan_uuid)
    kwargs = _form_kwargs(request, family)
    if request.method == "POST":
        form = GoalCreateForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                goal = goal_create(
                    plan=plan, by=request.user, client_id=form.cleaned_data["client_id"], **form.values()
                )
            except RecordInvalid as refusal:
                add_errors(form, refusal)
            else:
                messages.success(request, _("Goal set. Rate its progress as you work on it together."))
                return redirect(goal_url(family, goal))
    else:
        initial: dict[str, Any] = {
            "responsible": request.user.uuid,
            "review_on": min(plan.review_on, timezone.localdate() + timedelta(days=GOAL_REVIEW_DAYS)),
        }
        # "Add a goal for …" beside a patient on the plan page names them.
        about = request.GET.get("about", "")
        if about in kwargs["patients"].by_uuid():
            initial["about"] = about
        form = GoalCreateForm(initial=initial, **kwargs)
    return _goal_form_page(
        request,
        family=family,
        plan=plan,
        form=form,
        title=_("Set a goal"),
        submit=_("Set the goal"),
        back_url=plan_url(family, plan),
    )


def _goal_initial(goal: Goal, *, hidden_motivation: bool) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "version": goal.version,
        "about": str(goal.subject_id),
        "statement": goal.statement,
        "progress_looks_like": goal.progress_looks_like,
        "caregiver_wording": goal.caregiver_wording,
        "responsible": goal.responsible.uuid if goal.responsible else None,
        "responsible_note": goal.responsible_note,
        "review_on": goal.review_on,
        "motivation": KEEP if hidden_motivation else motivation_key(goal_motivation(goal)),
        "motivation_note": goal.motivation_note,
    }
    for row in goal.planned_services.all():
        initial[f"service__{row.service_type.code}"] = True
        initial[f"frequency__{row.service_type.code}"] = row.frequency
    return initial


@require_GET_or_POST
@login_required
def goal_edit(request: AuthedRequest, family_uuid: UUID, goal_uuid: UUID) -> HttpResponse:
    """Change a goal still being worked on; what it said before stays on the plan's earlier versions."""
    family = family_of(request, family_uuid, edit=True)
    goal = goal_of(request, family, goal_uuid)
    kwargs = _form_kwargs(request, family, goal)
    stale = None
    if request.method == "POST":
        form = GoalEditForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                goal_update(goal=goal, by=request.user, version=form.cleaned_data["version"], **form.values())
            except StaleEdit as refusal:
                form = GoalEditForm(rebased(request, refusal), **kwargs)
                form.is_valid()
                form.add_error(None, STALE_MESSAGE)
                stale = refusal.changes
            except RecordInvalid as refusal:
                add_errors(form, refusal)
            else:
                messages.success(request, _("Goal saved; what it said before stays in its history."))
                return redirect(goal_url(family, goal))
    else:
        form = GoalEditForm(
            initial=_goal_initial(goal, hidden_motivation=kwargs["hidden_motivation"]), **kwargs
        )
    return _goal_form_page(
        request,
        family=family,
        plan=goal.plan,
        form=form,
        title=_("Change the goal"),
        submit=_("Save the goal"),
        back_url=goal_url(family, goal),
        stale=stale,
    )


@require_safe
@login_required
def goal_detail(request: AuthedRequest, family_uuid: UUID, goal_uuid: UUID) -> HttpResponse:
    """A goal, its progress drawn over time with a table of every rating, and what it said before."""
    family = family_of(request, family_uuid)
    goal = goal_of(request, family, goal_uuid)
    page = goal_page(user=request.user, family=family, goal=goal)
    audit_category_reads(request, family, page.shown_categories, subject_type="goal", subject_id=goal.uuid)
    return render(
        request,
        "plans/goal_detail.html",
        {
            "family": family,
            "plan": goal.plan,
            "goal": goal,
            "page": page,
            "can_edit": goal.closed_on is None and can(request.user, Action.FAMILY_EDIT, family),
            "record_parts": record_parts(actor=request.user, family=family, record=goal),
        },
    )


@require_GET_or_POST
@login_required
def goal_close_view(request: AuthedRequest, family_uuid: UUID, goal_uuid: UUID) -> HttpResponse:
    family = family_of(request, family_uuid, edit=True)
    goal = goal_of(request, family, goal_uuid)
    return edit_flow(
        request,
        family=family,
        form_class=GoalCloseForm,
        names=["status", "closed_on"],
        record=goal,
        save=lambda version, values: goal_close(
            goal=goal,
            by=request.user,
            version=version,
            status=values["status"],
            closed_on=values["closed_on"],
        ),
        title=_("Close the goal: %(goal)s") % {"goal": goal.statement},
        submit=_("Close the goal"),
        done=_("Goal closed; it stays listed on the plan."),
        next_url=goal_url(family, goal),
        suggested={"closed_on": timezone.localdate(), "status": ""},
        intro=_("A goal met, replaced by another, or no longer pursued stays on the plan with its progress."),
    )


@require_GET_or_POST
@login_required
def goal_progress_add(request: AuthedRequest, family_uuid: UUID, goal_uuid: UUID) -> HttpResponse:
    family = family_of(request, family_uuid, edit=True)
    goal = goal_of(request, family, goal_uuid)
    return create_flow(
        request,
        family=family,
        form_class=ProgressForm,
        initial={"rated_on": timezone.localdate()},
        save=lambda data: goal_progress_record(
            goal=goal,
            by=request.user,
            client_id=data["client_id"],
            rated_on=data["rated_on"],
            rating=data["rating"],
            note=data["note"],
        ),
        title=_("Rate progress: %(goal)s") % {"goal": goal.statement},
        submit=_("Save the rating"),
        done=_("Progress rated."),
        next_url=lambda _progress: goal_url(family, goal),
        intro=goal.progress_looks_like,
    )
