"""The page an invited person reaches from their email: choose a password, then sign in (where every staff
account sets up its second factor before anything else)."""

from __future__ import annotations

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from nestling.accounts.http import require_GET_or_POST
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid
from nestling.staffing.forms import SetPasswordForm
from nestling.staffing.services.invitations import InvitationState, invitation_accept, invitation_lookup

# A link that does not (or no longer) work is answered with a page saying why, as 410 Gone: one that was
# used, withdrawn or ran out, and one Nestling never made (which is not a family record to hide).
CLOSED_STATUS = 410


@never_cache
@require_GET_or_POST
def accept(request: HttpRequest, token: str) -> HttpResponse:
    found = invitation_lookup(token)
    if found.state != InvitationState.OPEN or found.invitation is None:
        return render(
            request,
            "staffing/signup_closed.html",
            {"state": str(found.state), "invitation": found.invitation},
            status=CLOSED_STATUS,
        )
    invitation = found.invitation
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = invitation_accept(
                invitation=invitation,
                password=form.cleaned_data["password"],
                password_again=form.cleaned_data["password_again"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            if request.user.is_authenticated:
                # Someone else signed in on this device: the new account starts a session of its own.
                logout(request)
            return render(request, "staffing/signup_done.html", {"person": person})
    return render(request, "staffing/signup.html", {"form": form, "invitation": invitation})
