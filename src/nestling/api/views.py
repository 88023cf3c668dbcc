"""The organization admin's page of API clients: register one (its secret shown once), revoke one."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action
from nestling.access.shortcuts import require
from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.api.forms import ApiClientForm
from nestling.api.selectors import api_client_of, api_clients_of
from nestling.api.services import api_client_register, api_client_revoke
from nestling.records.errors import RecordInvalid


@require_GET_or_POST
@login_required
def api_clients(request: AuthedRequest) -> HttpResponse:
    require(request, Action.SETTINGS_MANAGE)
    form = ApiClientForm(request.POST or None, organization_id=request.user.organization_id)
    registered = secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registered, secret = api_client_register(
                by=request.user,
                name=data["name"],
                kind=data["kind"],
                scopes=list(data["scopes"]),
                redirect_uris=data["redirect_uris"],
                program=data["program"],
            )
        except RecordInvalid as error:
            for field, problems in error.errors.items():
                for problem in problems:
                    form.add_error(field or None, problem)
        else:
            form = ApiClientForm(organization_id=request.user.organization_id)
    context = {
        "form": form,
        "clients": list(api_clients_of(user=request.user)),
        "registered": registered,
        "secret": secret,
    }
    return render(request, "api/clients.html", context)


@require_POST
@login_required
def api_client_revoke_view(request: AuthedRequest, client_uuid: UUID) -> HttpResponse:
    require(request, Action.SETTINGS_MANAGE)
    client = api_client_of(user=request.user, client_uuid=client_uuid)
    if client is None:
        raise AccessDenied(
            actor=request.user,
            action="api_client.revoke",
            category="api_client",
            subject_type="apiclient",
            subject_id=client_uuid,
            organization_id=request.user.organization_id,
        )
    try:
        api_client_revoke(client=client, by=request.user)
    except RecordInvalid as error:
        messages.error(request, " ".join(error.errors.get("", [])))
    else:
        messages.success(
            request, _("%(name)s was revoked: its tokens no longer work.") % {"name": client.name}
        )
    return redirect("api_clients")
