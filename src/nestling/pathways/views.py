"""A family's pathways (staff): where the family is, every step with its day, and putting the family on a
pathway or taking it off."""

from __future__ import annotations

import uuid
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nestling.access.policy import Action, can
from nestling.access.shortcuts import family_for_request
from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.families.models import Child
from nestling.families.views.editing import add_errors, record_in_family
from nestling.pathways.definition import current_pathways
from nestling.pathways.forms import PathwayEndForm, PathwayStartForm
from nestling.pathways.models import FamilyPathway
from nestling.pathways.selectors import family_pathways
from nestling.pathways.services import pathway_end, pathway_start
from nestling.records.errors import RecordInvalid


@require_GET_or_POST
@login_required
def family_pathways_view(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    action = Action.FAMILY_EDIT if request.method == "POST" else Action.FAMILY_VIEW
    family = family_for_request(request, family_uuid, action=action)
    language = translation.get_language() or "en"
    form = PathwayStartForm(
        request.POST or None,
        pathways=current_pathways(),
        children=Child.objects.filter(family=family),
        language=language,
        initial={"client_id": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            pathway_start(
                family=family,
                pathway_key=form.cleaned_data["pathway"],
                child=form.cleaned_data["child"],
                by=request.user,
                client_id=form.cleaned_data["client_id"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("The family is on the pathway. Your steps are on your worklist."))
            return redirect("family_pathways", family.uuid)
    positions, left = family_pathways(family=family, by=request.user, language=language)
    return render(
        request,
        "pathways/family_pathways.html",
        {
            "family": family,
            "positions": positions,
            "left": left,
            "form": form,
            "may_edit": can(request.user, Action.FAMILY_EDIT, family),
        },
    )


@require_POST
@login_required
def family_pathway_end(request: AuthedRequest, family_uuid: UUID, pathway_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT)
    on = record_in_family(request, FamilyPathway.objects.all(), family, pathway_uuid, kind="pathway")
    form = PathwayEndForm(request.POST)
    try:
        if not form.is_valid():
            raise RecordInvalid({"": [_("Open the page again and try once more.")]})
        pathway_end(on=on, by=request.user, version=form.cleaned_data["version"])
    except RecordInvalid as refusal:
        messages.error(request, " ".join(m for ms in refusal.errors.values() for m in ms))
    else:
        messages.success(request, _("The family has left the pathway; its open steps are closed."))
    return redirect("family_pathways", family.uuid)
