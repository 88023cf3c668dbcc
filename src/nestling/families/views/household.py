"""The caseload, the three-patient family page, the household's details, and search."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can, mark_checked, roles_of
from nestling.access.shortcuts import audit_category_reads, family_for_request
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.accounts.models import Role
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.contributions import caseload_needs, family_parts, timeline_kinds
from nestling.families.forms import (
    ENROLLMENT_CREATE_FIELDS,
    FAMILY_FIELDS,
    FamilyCreateForm,
    FamilyForm,
    LeaveForm,
    SearchForm,
)
from nestling.families.models import Caregiver, Child, HouseholdMembership
from nestling.families.selectors import caseload_list, family_detail_queryset, family_page, family_search
from nestling.families.services.household import family_create, family_update, household_member_leave
from nestling.families.timeline import family_timeline
from nestling.families.views.editing import add_errors, edit_flow, record_in_family, render_form
from nestling.records.errors import RecordInvalid


@require_safe
@login_required
def caseload(request: AuthedRequest) -> HttpResponse:
    if not can(request.user, Action.CASELOAD_VIEW):
        raise Http404
    # The active caseload by default (families in care, and in intake); discharged families apart.
    discharged = request.GET.get("status") == "discharged"
    families = list(caseload_list(user=request.user, discharged=discharged))
    # What each family needs, from every app that contributes to the caseload: a fixed number of queries.
    needs = caseload_needs(actor=request.user, families=families, on=timezone.localdate())
    rows = [(family, needs[family.pk]) for family in families]
    only_attention = request.GET.get("show") == "attention"
    if only_attention:
        rows = [(family, parts) for family, parts in rows if any(p.needs_attention for p in parts)]
    totals: Counter[str] = Counter()
    for parts in needs.values():
        for part in parts:
            totals.update(part.counts)
    audit_record(
        actor=request.user,
        action=AuditAction.READ,
        category="caseload",
        subject_type="caseload",
        detail={"families": len(families), "discharged": discharged},
    )
    return render(
        request,
        "families/caseload.html",
        {
            "families": families,
            "rows": [(family, parts, any(p.needs_attention for p in parts)) for family, parts in rows],
            "only_attention": only_attention,
            "discharged": discharged,
            "overdue": totals["overdue"],
            "due": totals["due"],
            "alerts": totals["alerts"],
            "can_open": Role.PRACTITIONER in roles_of(request.user),
        },
    )


@require_safe
@login_required
def family_detail(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, queryset=family_detail_queryset())
    page = family_page(user=request.user, family=family)
    # Whether the reader may edit the family, asked once: the panels that offer an action ask again, and
    # for this loaded family (it lives this request) the answer is then known without a query each.
    can_edit = can(request.user, Action.FAMILY_EDIT, family)
    if can_edit:
        mark_checked(family, request.user, Action.FAMILY_EDIT)
    # What the other apps add: open tasks, screens due beside each person… (each a fixed number of queries)
    parts = family_parts(actor=request.user, family=family, page=page)
    # Showing a sensitive category is a read of that category: audited under its own name.
    audit_category_reads(request, family, page.shown_categories | parts.shown_categories)
    return render(
        request,
        "families/family_detail.html",
        {
            "family": family,
            "page": page,
            "parts": parts,
            "can_edit": can_edit,
        },
    )


@require_GET_or_POST
@login_required
def family_edit(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT)
    return edit_flow(
        request,
        family=family,
        form_class=FamilyForm,
        names=FAMILY_FIELDS,
        record=family,
        save=lambda version, changes: family_update(
            family=family, by=request.user, version=version, **changes
        ),
        title=_("Household details"),
        submit=_("Save household details"),
        done=_("Household details saved."),
        next_url=reverse("family_detail", args=[family.uuid]),
    )


@require_safe
@login_required
def family_search_view(request: AuthedRequest) -> HttpResponse:
    if not (can(request.user, Action.CASELOAD_VIEW) or can(request.user, Action.PROGRAM_VIEW)):
        raise Http404
    form = SearchForm(request.GET or None)
    hits = None
    if form.is_valid():
        query = form.cleaned_data["q"]
        hits = family_search(user=request.user, query=query)
        audit_record(
            actor=request.user,
            action=AuditAction.SEARCH,
            category="family",
            subject_type="search",
            detail={"query": query, "results": len(hits)},
        )
    return render(request, "families/search.html", {"form": form, "hits": hits})


@require_safe
@login_required
def family_timeline_view(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid)
    kinds = timeline_kinds()
    kind = request.GET.get("kind", "") if request.GET.get("kind", "") in kinds else ""
    people = [(str(c.uuid), c.full_name) for c in Caregiver.objects.filter(family=family)] + [
        (str(c.uuid), c.full_name or _("Baby")) for c in Child.objects.filter(family=family)
    ]
    person = request.GET.get("person", "")
    if person not in {value for value, _label in people}:
        person = ""
    history = family_timeline(user=request.user, family=family, kind=kind, person=person)
    audit_category_reads(request, family, history.shown_categories)
    return render(
        request,
        "families/timeline.html",
        {
            "family": family,
            "entries": history.entries,
            "left_out": history.left_out,
            "kinds": list(kinds.items()),
            "kind": kind,
            "people": people,
            "person": person,
        },
    )


@require_GET_or_POST
@login_required
def family_add(request: AuthedRequest) -> HttpResponse:
    """Intake: open a new household record, which goes onto the practitioner's own caseload."""
    if Role.PRACTITIONER not in roles_of(request.user):
        raise Http404
    form = FamilyCreateForm(request.POST or None, organization_id=request.user.organization_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            family = family_create(
                program=data["program"],
                by=request.user,
                client_id=data["client_id"],
                reference=data["reference"],
                **{name: data[name] for name in ENROLLMENT_CREATE_FIELDS},
                **{name: data[name] for name in FAMILY_FIELDS},
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Family opened and added to your caseload."))
            return redirect("family_detail", family_uuid=family.uuid)
    return render_form(
        request,
        family=None,
        form=form,
        title=_("Open a new family record"),
        submit=_("Open record"),
        intro=_(
            "Start with the household and the program it is enrolled in; then add the caregivers and "
            "children, born or expected."
        ),
    )


@require_GET_or_POST
@login_required
def household_member_leave_view(
    request: AuthedRequest, family_uuid: UUID, membership_uuid: UUID
) -> HttpResponse:
    """Record that someone no longer lives in the household (their records stay with the family)."""
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="family")
    membership = record_in_family(
        request,
        HouseholdMembership.objects.filter(ends_on__isnull=True).select_related(
            "caregiver", "child", "family"
        ),
        family,
        membership_uuid,
        kind="household_membership",
    )
    form = LeaveForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            household_member_leave(membership=membership, by=request.user, on=form.cleaned_data["ends_on"])
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("%(name)s no longer lives here.") % {"name": membership.person_name})
            return redirect("family_detail", family_uuid=family.uuid)
    return render_form(
        request,
        family=family,
        form=form,
        title=_("%(name)s moved out") % {"name": membership.person_name or _("Baby")},
        submit=_("Record moving out"),
    )
