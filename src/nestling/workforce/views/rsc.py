"""The RS/C log: the sessions a reader may see, logging or scheduling one, one session (its notes only to
the people in it), and recording a scheduled one held or cancelled."""

from __future__ import annotations

import uuid
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nestling.access.policy import current_q, roles_of, visible_families
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.accounts.models import Role, User
from nestling.families.models import CaseloadAssignment, Family
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid
from nestling.workforce.models import RscKind, RscSession
from nestling.workforce.permissions import refuse
from nestling.workforce.selectors import supervisees_with_caseloads
from nestling.workforce.selectors.rsc import rsc_log_read, rsc_session_read
from nestling.workforce.services.rsc import (
    SessionInput,
    rsc_session_cancel,
    rsc_session_hold,
    rsc_session_log,
)

LOG_SHOWN = 50


@require_safe
@login_required
def rsc_log(request: AuthedRequest) -> HttpResponse:
    """The sessions the reader led, was in, or (a supervisor, a manager) may know of."""
    if not roles_of(request.user):
        raise refuse(request.user, "rsc.list", subject_type="rscsession", subject_id="")
    sessions = rsc_log_read(actor=request.user, limit=LOG_SHOWN)
    return render(
        request,
        "workforce/rsc_log.html",
        {"sessions": sessions, "may_log": Role.SUPERVISOR in roles_of(request.user)},
    )


class SessionForm(forms.Form):
    held = forms.TypedChoiceField(
        label=gettext_lazy("This session"),
        choices=[("yes", gettext_lazy("was held")), ("no", gettext_lazy("is scheduled"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Individual or group"), choices=RscKind.choices, widget=forms.RadioSelect
    )
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    duration_minutes = forms.IntegerField(label=gettext_lazy("Duration (minutes)"), min_value=1, initial=60)
    supervisees = forms.ModelMultipleChoiceField(
        label=gettext_lazy("For"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    attended = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Who was there (when held)"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    families = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Families discussed"),
        queryset=Family.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label=gettext_lazy("Reflection notes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=gettext_lazy("Read only by the people in the session: you and those it was for."),
    )
    client_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self, *args: object, supervisees: list[User], families: list[Family], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        ids = [p.pk for p in supervisees]
        people = User.objects.filter(pk__in=ids).order_by("last_name", "first_name")
        for name in ("supervisees", "attended"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = people
            field.label_from_instance = lambda person: person.display_name  # type: ignore[method-assign,assignment]
        family_field = self.fields["families"]
        assert isinstance(family_field, forms.ModelMultipleChoiceField)
        family_field.queryset = Family.objects.filter(pk__in=[f.pk for f in families]).order_by("name")
        family_field.label_from_instance = lambda family: family.name  # type: ignore[method-assign,assignment]


@require_GET_or_POST
@login_required
def rsc_session_add(request: AuthedRequest) -> HttpResponse:
    """A reflective supervisor logs a session held, or schedules one, for their supervisees."""
    if Role.SUPERVISOR not in roles_of(request.user):
        raise refuse(request.user, "rsc.log", subject_type="rscsession", subject_id="")
    supervisees = [p for p in supervisees_with_caseloads(supervisor=request.user) if p.pk != request.user.pk]
    families = list(
        visible_families(request.user).filter(
            pk__in=CaseloadAssignment.objects.filter(current_q(), practitioner__in=supervisees).values(
                "family_id"
            )
        )
    )
    form = SessionForm(
        request.POST or None,
        initial={"client_id": uuid.uuid4()},
        supervisees=supervisees,
        families=families,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = rsc_session_log(
                by=request.user,
                given=SessionInput(
                    kind=data["kind"],
                    held_on=data["held_on"],
                    duration_minutes=data["duration_minutes"],
                    supervisees=list(data["supervisees"]),
                    families=list(data["families"]),
                    held=data["held"],
                    attended=list(data["attended"]) if data["held"] else [],
                    notes=data["notes"],
                ),
                client_id=data["client_id"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Session logged."))
            return redirect("rsc_session", session_uuid=session.uuid)
    return render(request, "workforce/rsc_form.html", {"form": form, "has_supervisees": bool(supervisees)})


@require_safe
@login_required
def rsc_session(request: AuthedRequest, session_uuid: UUID) -> HttpResponse:
    """One session as the reader may see it."""
    read = rsc_session_read(actor=request.user, session_uuid=session_uuid)
    return render(request, "workforce/rsc_session.html", {"read": read, "session": read.session})


def _led(request: AuthedRequest, session_uuid: UUID) -> RscSession:
    session = RscSession.objects.filter(
        uuid=session_uuid, organization_id=request.user.organization_id, leader=request.user
    ).first()
    if session is None:
        raise refuse(request.user, "rsc.change", subject_type="rscsession", subject_id=session_uuid)
    return session


def _version(request: AuthedRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


@require_POST
@login_required
def rsc_session_cancel_view(request: AuthedRequest, session_uuid: UUID) -> HttpResponse:
    """The leader cancels a scheduled session, with a reason."""
    session = _led(request, session_uuid)
    try:
        rsc_session_cancel(
            by=request.user, session=session, version=_version(request), reason=request.POST.get("reason", "")
        )
    except RecordInvalid as refusal:
        for problems in refusal.errors.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(request, _("Session cancelled."))
    return redirect("rsc_session", session_uuid=session.uuid)


@require_POST
@login_required
def rsc_session_held_view(request: AuthedRequest, session_uuid: UUID) -> HttpResponse:
    """The leader records a scheduled session as held: who came, and the reflection notes."""
    session = _led(request, session_uuid)
    came = set(request.POST.getlist("attended"))
    people = [p.person for p in session.participants.select_related("person") if str(p.person.uuid) in came]
    try:
        rsc_session_hold(
            by=request.user,
            session=session,
            version=_version(request),
            attended=people,
            notes=request.POST.get("notes", ""),
        )
    except RecordInvalid as refusal:
        for problems in refusal.errors.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(request, _("Session recorded as held."))
    return redirect("rsc_session", session_uuid=session.uuid)
