"""The directory of local services: practitioners read it; a program manager or an organization admin
adds, edits and retires its services."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, can
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.families.views.editing import STALE_MESSAGE, add_errors, rebased
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.referrals.forms import DirectoryFilter, LocalServiceCreateForm, LocalServiceEditForm
from nestling.referrals.selectors import directory_entry, directory_list
from nestling.referrals.services.directory import FIELDS, local_service_create, local_service_update


@require_safe
@login_required
def directory(request: AuthedRequest) -> HttpResponse:
    """The organization's services, by kind, filtered by kind and by whether referrals are made to them."""
    require(request, Action.DIRECTORY_VIEW)
    chosen = DirectoryFilter(request.GET or None)
    kind, show = "", "active"
    if chosen.is_valid():
        kind, show = chosen.cleaned_data["kind"], chosen.cleaned_data["show"] or "active"
    active = {"active": True, "retired": False}.get(show)
    return render(
        request,
        "referrals/directory.html",
        {
            "services": directory_list(user=request.user, kind=kind, active=active),
            "filter": chosen if chosen.is_bound else DirectoryFilter(),
            "may_manage": can(request.user, Action.DIRECTORY_MANAGE),
        },
    )


@require_GET_or_POST
@login_required
def directory_add(request: AuthedRequest) -> HttpResponse:
    require(request, Action.DIRECTORY_MANAGE)
    form = LocalServiceCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in FIELDS if name in form.cleaned_data}
        try:
            service = local_service_create(
                by=request.user, client_id=form.cleaned_data["client_id"], **values
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("%(name)s is in the directory.") % {"name": service.name})
            return redirect("referral_directory")
    return render(
        request,
        "referrals/directory_form.html",
        {"form": form, "title": _("Add a service to the directory"), "submit": _("Add the service")},
    )


@require_GET_or_POST
@login_required
def directory_edit(request: AuthedRequest, service_uuid: UUID) -> HttpResponse:
    """Change a service, or retire it (untick "referrals are made to it")."""
    require(request, Action.DIRECTORY_MANAGE)
    service = directory_entry(user=request.user, uuid=service_uuid)
    if service is None:
        raise AccessDenied(
            actor=request.user,
            action=str(Action.DIRECTORY_MANAGE),
            category="settings",
            subject_type="localservice",
            subject_id=service_uuid,
            organization_id=request.user.organization_id,
        )
    stale = None
    initial = {name: getattr(service, name) for name in FIELDS} | {"version": service.version}
    form = LocalServiceEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in FIELDS}
        try:
            local_service_update(
                service=service, by=request.user, version=form.cleaned_data["version"], **values
            )
        except StaleEdit as refusal:
            form = LocalServiceEditForm(rebased(request, refusal))
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
            stale = refusal.changes
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Service saved."))
            return redirect("referral_directory")
    return render(
        request,
        "referrals/directory_form.html",
        {
            "form": form,
            "title": _("Change %(name)s") % {"name": service.name},
            "submit": _("Save"),
            "stale": stale,
        },
    )
