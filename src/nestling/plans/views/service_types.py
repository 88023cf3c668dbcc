"""The organization's own service types: a program manager or an organization admin adds, renames and
retires them; the field's shipped ones are listed, not changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.families.views.editing import add_errors
from nestling.plans.forms import ServiceTypeEditForm, ServiceTypeForm
from nestling.plans.models import ServiceType
from nestling.plans.selectors import organization_service_types
from nestling.plans.services.service_types import service_type_create, service_type_update
from nestling.records.errors import RecordInvalid


@require_GET_or_POST
@login_required
def service_types(request: AuthedRequest) -> HttpResponse:
    """The service types the organization offers; POST adds one of its own."""
    require(request, Action.SERVICE_TYPES_MANAGE)
    form = ServiceTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = service_type_create(
                by=request.user,
                name=form.cleaned_data["name"],
                relationship_therapy=form.cleaned_data["relationship_therapy"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("%(name)s is offered from now on.") % {"name": added.label})
            return redirect("service_types")
    return render(
        request,
        "plans/service_types.html",
        {"types": organization_service_types(user=request.user), "form": form},
    )


@require_GET_or_POST
@login_required
def service_type_edit(request: AuthedRequest, code: str) -> HttpResponse:
    """Rename one of the organization's own service types, or retire it."""
    require(request, Action.SERVICE_TYPES_MANAGE)
    service_type = ServiceType.objects.filter(organization_id=request.user.organization_id, code=code).first()
    if service_type is None:  # another organization's, a shipped one, or none
        raise AccessDenied(
            actor=request.user,
            action=str(Action.SERVICE_TYPES_MANAGE),
            category="settings",
            subject_type="servicetype",
            subject_id=code,
            organization_id=request.user.organization_id,
        )
    initial = {
        "name": service_type.name,
        "relationship_therapy": service_type.relationship_therapy,
        "active": service_type.active,
    }
    form = ServiceTypeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service_type_update(
                service_type=service_type,
                by=request.user,
                name=form.cleaned_data["name"],
                relationship_therapy=form.cleaned_data["relationship_therapy"],
                active=form.cleaned_data["active"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Service saved."))
            return redirect("service_types")
    return render(request, "plans/service_type_edit.html", {"service_type": service_type, "form": form})
