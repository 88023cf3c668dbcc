"""A child's formulation: the latest version and the list of earlier ones, the form that makes the first
version or a revision, one version as it was written, two side by side; and the organization's Axis I
crosswalk for its admin."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, can, require_category
from nestling.access.shortcuts import audit_category_reads, family_for_request, require
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.families.models import Child, Family, Relationship
from nestling.families.views.editing import add_errors, record_in_family
from nestling.formulation.crosswalk import crosswalk_for, crosswalk_row_save
from nestling.formulation.forms import CrosswalkRowForm, FormulationForm, GoalFindingForm, initial_from
from nestling.formulation.goal_findings import (
    finding_key,
    finding_options,
    goal_finding_of,
    goal_finding_set,
    goals_motivated_by,
)
from nestling.formulation.models import Formulation
from nestling.formulation.selectors import (
    VersionView,
    compare,
    formulation_of,
    offered_factors,
    recent_screening,
    versions_of,
)
from nestling.formulation.services import formulation_create, formulation_revise
from nestling.plans.models import Goal
from nestling.records.errors import RecordInvalid, StaleEdit


def _child(request: AuthedRequest, child_uuid: UUID, action: Action) -> Child:
    """The child if the user may do `action` on its family; otherwise 404, audited like a refused family."""
    child = Child.objects.select_related("organization", "family").filter(uuid=child_uuid).first()
    if child is None:
        raise AccessDenied(
            actor=request.user,
            action=str(action),
            category="formulation",
            subject_type="child",
            subject_id=child_uuid,
            organization_id=request.user.organization_id,
        )
    child.family = family_for_request(
        request,
        child.family.uuid,
        action=action,
        category="formulation",
        queryset=Family.objects.select_related("program"),
    )
    return child


def _shown(request: AuthedRequest, child: Child, views: list[VersionView]) -> None:
    categories: set[str] = set()
    for view in views:
        categories |= view.shown_categories
    audit_category_reads(request, child.family, categories, subject_type="child", subject_id=child.uuid)


@require_safe
@login_required
def formulation_page(request: AuthedRequest, child_uuid: UUID) -> HttpResponse:
    """The latest version in full, the earlier ones listed, and the child's recent screens as context."""
    child = _child(request, child_uuid, Action.FAMILY_VIEW)
    formulation = formulation_of(actor=request.user, child=child)
    views = (
        versions_of(actor=request.user, family=child.family, formulation=formulation) if formulation else []
    )
    latest = views[-1] if views else None
    _shown(request, child, views[-1:])
    return render(
        request,
        "formulation/formulation.html",
        {
            "child": child,
            "family": child.family,
            "formulation": formulation,
            "latest": latest,
            "versions": list(reversed(views)),
            "screening": recent_screening(actor=request.user, child=child),
            "motivated_goals": goals_motivated_by(actor=request.user, version=latest.version)
            if latest
            else [],
            "can_edit": can(request.user, Action.FAMILY_EDIT, child.family)
            and child.date_of_birth is not None,
        },
    )


@require_GET_or_POST
@login_required
def formulation_edit(request: AuthedRequest, child_uuid: UUID) -> HttpResponse:
    """The first version, or a revision of the latest (a new version of the whole formulation)."""
    child = _child(request, child_uuid, Action.FAMILY_EDIT)
    formulation = formulation_of(actor=request.user, child=child)
    relationships = list(
        Relationship.objects.filter(child=child, family=child.family)
        .select_related("caregiver")
        .order_by("pk")
    )
    latest = None
    if formulation is not None:
        latest = versions_of(
            actor=request.user,
            family=child.family,
            formulation=formulation,
            numbers=[formulation.latest_number],
        )[0]
    initial = {"formulated_on": timezone.localdate(), "occasion": "intake"}
    if latest is not None and formulation is not None:
        initial = {
            **initial,
            **initial_from(latest.version, latest.stressors),
            "version": formulation.version,
        }
    form = FormulationForm(
        request.POST or None,
        initial=initial,
        diagnoses=crosswalk_for(organization_id=child.organization_id, active_only=True),
        relationships=relationships,
        factors=offered_factors(actor=request.user, child=child),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if formulation is None:
                formulation_create(
                    child=child, by=request.user, draft=form.draft(), client_id=form.cleaned_data["client_id"]
                )
            else:
                formulation_revise(
                    formulation=formulation,
                    by=request.user,
                    version=form.cleaned_data["version"] or 0,
                    draft=form.draft(),
                    client_id=form.cleaned_data["client_id"],
                )
        except StaleEdit as stale:
            # Who revised it, and to which version: the practitioner reads it before revising again.
            add_errors(form, stale)
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Formulation saved."))
            return redirect("formulation_page", child_uuid=child.uuid)
    if latest is not None:
        _shown(request, child, [latest])
    return render(
        request,
        "formulation/formulation_form.html",
        {
            "child": child,
            "family": child.family,
            "form": form,
            "formulation": formulation,
            "left_out": latest.left_out if latest else 0,
        },
    )


@require_safe
@login_required
def formulation_version(request: AuthedRequest, child_uuid: UUID, number: int) -> HttpResponse:
    """One version as it was written."""
    child = _child(request, child_uuid, Action.FAMILY_VIEW)
    formulation = _formulation(request, child)
    views = versions_of(actor=request.user, family=child.family, formulation=formulation, numbers=[number])
    if not views:
        raise _missing(request, child, "formulation_version")
    _shown(request, child, views)
    return render(
        request,
        "formulation/version.html",
        {"child": child, "family": child.family, "formulation": formulation, "view": views[0]},
    )


@require_safe
@login_required
def formulation_compare(request: AuthedRequest, child_uuid: UUID) -> HttpResponse:
    """Two versions side by side (`earlier` and `later`; by default the last two)."""
    child = _child(request, child_uuid, Action.FAMILY_VIEW)
    formulation = _formulation(request, child)
    latest = formulation.latest_number
    problem = ""
    try:
        later = int(request.GET.get("later") or latest)
        earlier = int(request.GET.get("earlier") or max(later - 1, 1))
    except ValueError:
        earlier, later, problem = max(latest - 1, 1), latest, _("Choose two versions by their numbers.")
    if not (1 <= earlier <= latest and 1 <= later <= latest):
        earlier, later = max(latest - 1, 1), latest
        problem = _("This formulation has versions 1 to %(latest)d: choose two of those.") % {
            "latest": latest
        }
    views = {
        v.version.number: v
        for v in versions_of(
            actor=request.user, family=child.family, formulation=formulation, numbers=[earlier, later]
        )
    }
    _shown(request, child, list(views.values()))
    return render(
        request,
        "formulation/compare.html",
        {
            "child": child,
            "family": child.family,
            "formulation": formulation,
            "earlier": views[earlier],
            "later": views[later],
            "sections": compare(views[earlier], views[later]),
            "numbers": range(1, latest + 1),
            "problem": problem,
        },
    )


def _missing(request: AuthedRequest, child: Child, kind: str) -> AccessDenied:
    return AccessDenied(
        actor=request.user,
        action="record.open",
        category="formulation",
        subject_type=kind,
        subject_id=child.uuid,
        family_uuid=child.family.uuid,
        organization_id=child.organization_id,
    )


def _formulation(request: AuthedRequest, child: Child) -> Formulation:
    formulation = formulation_of(actor=request.user, child=child)
    if formulation is None:
        raise _missing(request, child, "formulation")
    return formulation


@require_GET_or_POST
@login_required
def crosswalk(request: AuthedRequest) -> HttpResponse:
    """The organization's Axis I list and ICD-10 codes: shipped rows are the default, its own replace or
    add to them. The organization admin only."""
    require(request, Action.SETTINGS_MANAGE)
    form = CrosswalkRowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            crosswalk_row_save(by=request.user, **form.cleaned_data)
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Crosswalk row saved."))
            return redirect("formulation_crosswalk")
    rows = crosswalk_for(organization_id=request.user.organization_id)
    return render(request, "formulation/crosswalk.html", {"rows": rows, "form": form})


@require_GET_or_POST
@login_required
def goal_finding(request: AuthedRequest, family_uuid: UUID, goal_uuid: UUID) -> HttpResponse:
    """Say which axis finding of the formulation motivated a care-plan goal."""
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT)
    goal = record_in_family(
        request, Goal.objects.select_related("family", "subject"), family, goal_uuid, kind="goal"
    )
    link = goal_finding_of(goal=goal)
    if link is not None:
        require_category(
            request.user,
            link.sensitive_category,
            family,
            action="goal.finding",
            subject_type="goal",
            subject_id=goal.uuid,
        )
    options = finding_options(actor=request.user, goal=goal)
    initial = {
        "version": link.version if link else None,
        "finding": finding_key(link.finding) if link and link.finding else "",
    }
    form = GoalFindingForm(request.POST or None, initial=initial, options=options)
    if request.method == "POST" and form.is_valid():
        try:
            goal_finding_set(
                goal=goal, by=request.user, finding=form.chosen(), version=form.cleaned_data["version"]
            )
        except StaleEdit:
            form.add_error(
                None, _("Someone changed this link since you opened the page: check it, then save again.")
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("The goal's motivating finding is saved."))
            return redirect("goal_detail", family_uuid=family.uuid, goal_uuid=goal.uuid)
    return render(
        request, "formulation/goal_finding_form.html", {"family": family, "goal": goal, "form": form}
    )
