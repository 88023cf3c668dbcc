"""Caregivers, children, births and relationships."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can
from nestling.access.shortcuts import family_for_request
from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.families.age_words import child_age_text, program_rule
from nestling.families.contributions import relationship_parts
from nestling.families.forms import (
    CAREGIVER_FIELDS,
    CHILD_FIELDS,
    RELATIONSHIP_FIELDS,
    BirthForm,
    CaregiverCreateForm,
    CaregiverEditForm,
    ChildCreateForm,
    ChildEditForm,
    ObservationForm,
    RelationshipCreateForm,
    RelationshipEditForm,
)
from nestling.families.models import Caregiver, Child, Family, Relationship
from nestling.families.selectors import relationship_page
from nestling.families.services.people import (
    birth_record,
    caregiver_create,
    caregiver_update,
    child_create,
    child_update,
    relationship_create,
    relationship_observe,
    relationship_update,
)
from nestling.families.views.editing import add_errors, create_flow, edit_flow, record_in_family
from nestling.records.errors import RecordInvalid


def _family_url(family_uuid: UUID) -> str:
    return reverse("family_detail", args=[family_uuid])


def _fields(data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data}


@require_GET_or_POST
@login_required
def caregiver_add(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="caregiver")
    return create_flow(
        request,
        family=family,
        form_class=CaregiverCreateForm,
        save=lambda data: caregiver_create(
            family=family,
            by=request.user,
            client_id=data["client_id"],
            confirm_duplicate=data["confirm_duplicate"],
            **_fields(data, CAREGIVER_FIELDS),
        ),
        title=_("Add a caregiver"),
        submit=_("Add caregiver"),
        done=_("Caregiver added."),
        next_url=lambda _record: _family_url(family.uuid),
        intro=_("Parents, foster, adoptive and kinship caregivers, step-parents: anyone caring for a child."),
    )


@require_GET_or_POST
@login_required
def caregiver_edit(request: AuthedRequest, family_uuid: UUID, caregiver_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="caregiver")
    caregiver = record_in_family(request, Caregiver.objects.all(), family, caregiver_uuid, kind="caregiver")
    return edit_flow(
        request,
        family=family,
        form_class=CaregiverEditForm,
        names=CAREGIVER_FIELDS,
        record=caregiver,
        save=lambda version, changes: caregiver_update(
            caregiver=caregiver, by=request.user, version=version, **changes
        ),
        title=_("Edit %(name)s") % {"name": caregiver.full_name},
        submit=_("Save caregiver"),
        done=_("Caregiver saved."),
        next_url=_family_url(family.uuid),
    )


@require_GET_or_POST
@login_required
def child_add(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="child")
    return create_flow(
        request,
        family=family,
        form_class=ChildCreateForm,
        save=lambda data: child_create(
            family=family,
            by=request.user,
            client_id=data["client_id"],
            confirm_duplicate=data["confirm_duplicate"],
            **_fields(data, CHILD_FIELDS),
        ),
        title=_("Add a child"),
        submit=_("Add child"),
        done=_("Child added."),
        next_url=lambda _record: _family_url(family.uuid),
        intro=_("For a baby not born yet, give the expected due date; record the birth when it happens."),
    )


@require_GET_or_POST
@login_required
def child_edit(request: AuthedRequest, family_uuid: UUID, child_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="child")
    child = record_in_family(request, Child.objects.all(), family, child_uuid, kind="child")
    names = [n for n in CHILD_FIELDS if n not in ("date_of_birth", "due_date")]
    return edit_flow(
        request,
        family=family,
        form_class=ChildEditForm,
        names=names,
        record=child,
        save=lambda version, changes: child_update(child=child, by=request.user, version=version, **changes),
        title=_("Edit %(name)s") % {"name": child.full_name},
        submit=_("Save child"),
        done=_("Child saved."),
        next_url=_family_url(family.uuid),
    )


@require_GET_or_POST
@login_required
def birth_record_view(request: AuthedRequest, family_uuid: UUID, child_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="child")
    child = record_in_family(request, Child.objects.all(), family, child_uuid, kind="child")
    names = ["given_name", "date_of_birth", "sex", "gestation_weeks", "gestation_days", "birth_weight_grams"]
    return edit_flow(
        request,
        family=family,
        form_class=BirthForm,
        names=names,
        record=child,
        save=lambda version, values: birth_record(
            child=child,
            by=request.user,
            version=version,
            **{k: v for k, v in values.items() if k != "given_name"},
            given_name=values.get("given_name") or None,
        ),
        title=_("Record the birth"),
        submit=_("Record birth"),
        done=_("Birth recorded. Welcome to the world!"),
        next_url=_family_url(family.uuid),
        intro=_(
            "Leave the gestation empty to work it out from the due date (%(due)s); enter it if the birth "
            "record says otherwise."
        )
        % {"due": child.due_date or "—"},
    )


@require_GET_or_POST
@login_required
def relationship_add(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="relationship")
    initial: dict[str, Any] = {}
    for name in ("caregiver", "child"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    return create_flow(
        request,
        family=family,
        form_class=RelationshipCreateForm,
        form_kwargs={"family": family},
        initial=initial,
        save=lambda data: relationship_create(
            family=family,
            by=request.user,
            client_id=data["client_id"],
            caregiver=data["caregiver"],
            child=data["child"],
            **_fields(data, RELATIONSHIP_FIELDS),
        ),
        title=_("Record a caregiver–child relationship"),
        submit=_("Save relationship"),
        done=_("Relationship recorded."),
        next_url=lambda record: reverse("relationship_detail", args=[family.uuid, record.uuid]),
    )


@require_GET_or_POST
@login_required
def relationship_detail(request: AuthedRequest, family_uuid: UUID, relationship_uuid: UUID) -> HttpResponse:
    """The relationship's own page: who, how, strengths and concerns, and its observations over time.

    POST adds an observation (practitioners on the caseload only)."""
    action = Action.FAMILY_EDIT if request.method == "POST" else Action.FAMILY_VIEW
    family = family_for_request(
        request,
        family_uuid,
        action=action,
        category="relationship",
        queryset=Family.objects.select_related("program"),
    )
    relationship = record_in_family(
        request,
        Relationship.objects.select_related("caregiver", "child"),
        family,
        relationship_uuid,
        kind="relationship",
    )
    form = ObservationForm(request.POST or None, initial={"observed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            relationship_observe(
                relationship=relationship,
                by=request.user,
                client_id=form.cleaned_data["client_id"],
                observed_on=form.cleaned_data["observed_on"],
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            return redirect(
                "relationship_detail", family_uuid=family.uuid, relationship_uuid=relationship.uuid
            )
    age = child_age_text(relationship.child, program_rule(family.program), timezone.localdate())
    return render(
        request,
        "families/relationship_detail.html",
        {
            "family": family,
            "relationship": relationship,
            "observations": relationship_page(relationship=relationship),
            "parts": relationship_parts(actor=request.user, relationship=relationship),
            "age": age,
            "form": form,
            "can_edit": can(request.user, Action.FAMILY_EDIT, family),
        },
    )


@require_GET_or_POST
@login_required
def relationship_edit(request: AuthedRequest, family_uuid: UUID, relationship_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="relationship")
    relationship = record_in_family(
        request,
        Relationship.objects.select_related("caregiver", "child"),
        family,
        relationship_uuid,
        kind="relationship",
    )
    return edit_flow(
        request,
        family=family,
        form_class=RelationshipEditForm,
        names=RELATIONSHIP_FIELDS,
        record=relationship,
        save=lambda version, changes: relationship_update(
            relationship=relationship, by=request.user, version=version, **changes
        ),
        title=_("%(caregiver)s and %(child)s")
        % {"caregiver": relationship.caregiver.full_name, "child": relationship.child.full_name},
        submit=_("Save relationship"),
        done=_("Relationship saved."),
        next_url=reverse("relationship_detail", args=[family.uuid, relationship.uuid]),
    )
