"""What the visit pages share: the family and visit doors, a safe return address, and a stale save shown
with what the other person changed."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.http import QueryDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from nestling.access.policy import Action
from nestling.access.shortcuts import family_for_request
from nestling.accounts.http import AuthedRequest
from nestling.families.models import Family
from nestling.families.views.editing import record_in_family
from nestling.records.errors import StaleEdit
from nestling.visits.models import Visit

CATEGORY = "visit"
STALE_MESSAGE = _(
    "Someone else saved this after you opened it, so nothing of yours was saved yet. What they changed is "
    "said below; what you entered is still in the form: check it, then save again."
)


def visit_family(request: AuthedRequest, family_uuid: UUID, action: Action = Action.FAMILY_VIEW) -> Family:
    return family_for_request(
        request,
        family_uuid,
        action=action,
        category=CATEGORY,
        queryset=Family.objects.select_related("program"),
    )


def visit_of(request: AuthedRequest, family: Family, visit_uuid: UUID) -> Visit:
    """The family's visit with this id, or a 404 audited like a family refused."""
    visit = record_in_family(
        request,
        Visit.objects.select_related("practitioner", "enrollment", "recorded_by"),
        family,
        visit_uuid,
        kind=CATEGORY,
    )
    # The family the door checked: the services' own checks of it then cost no query.
    visit.family = family
    return visit


def safe_next(request: AuthedRequest, value: str | None) -> str:
    """A return address inside Nestling (the worklist, the week), or "" for anything else."""
    if (
        value
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return ""


def rebased_on(request: AuthedRequest, refusal: StaleEdit) -> QueryDict:
    """What was sent, moved onto the current version: saving again is then a knowing choice."""
    data = request.POST.copy()
    data["version"] = str(refusal.current_version)
    return data


def show_stale(form: forms.Form, refusal: StaleEdit) -> None:
    form.add_error(None, STALE_MESSAGE)
    for message in refusal.errors.get("", []):
        form.add_error(None, message)
