"""A child's growth page: record a measurement, see the history, the chart and any faltering growth."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, can
from nestling.access.shortcuts import family_for_request
from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.families.models import Child, Family
from nestling.families.views.editing import add_errors
from nestling.growth.errors import MeasurementNeedsConfirmation
from nestling.growth.forms import CorrectionForm, MeasurementForm
from nestling.growth.models import Measurement
from nestling.growth.services import measurement_correct, measurement_record
from nestling.records.errors import RecordInvalid
from nestling.visits.services import visit_link_measurement


def _child_for_request(request: AuthedRequest, child_uuid: UUID, action: Action) -> Child:
    """The child if the user may do `action` on its family; otherwise 404, audited like a refused family."""
    child = Child.objects.select_related("organization", "family").filter(uuid=child_uuid).first()
    if child is None:
        raise AccessDenied(
            actor=request.user,
            action=str(action),
            category="growth",
            subject_type="child",
            subject_id=child_uuid,
            organization_id=request.user.organization_id,
        )
    child.family = family_for_request(
        request,
        child.family.uuid,
        action=action,
        category="growth",
        queryset=Family.objects.select_related("program"),
    )
    return child


QUESTIONS = ("confirm_implausible", "same_day")


def _ask(form: MeasurementForm, question: MeasurementNeedsConfirmation | None) -> dict[str, object]:
    """What the page asks before saving: the reasons, and which of the question fields to leave out."""
    asked = set()
    if question is not None and question.implausible:
        asked.add("confirm_implausible")
        form.add_error("confirm_implausible", question.implausible)
    if question is not None and question.earlier is not None:
        asked.add("same_day")
        earlier = question.earlier
        form.add_error(
            "same_day",
            _("%(kind)s %(value)s %(unit)s was already recorded on this day: does this value correct it?")
            % {"kind": earlier.get_kind_display(), "value": earlier.value.normalize(), "unit": earlier.unit},
        )
    return {"hidden_questions": [name for name in QUESTIONS if name in form.fields and name not in asked]}


@require_GET_or_POST
@login_required
def child_growth(request: AuthedRequest, child_uuid: UUID) -> HttpResponse:
    """GET shows the page to whoever may see the family; POST records a measurement (caseload only)."""
    from nestling.growth.page import growth_page

    action = Action.FAMILY_EDIT if request.method == "POST" else Action.FAMILY_VIEW
    child = _child_for_request(request, child_uuid, action)
    can_record = child.date_of_birth is not None and can(request.user, Action.FAMILY_EDIT, child.family)
    form = MeasurementForm(
        request.POST or None, initial={"measured_on": timezone.localdate(), "visit": request.GET.get("visit")}
    )
    question = None
    if request.method == "POST" and form.is_valid():
        visit = form.cleaned_data["visit"]
        try:
            # Measured during a visit: linked to it in the same transaction, or neither is kept.
            with transaction.atomic():
                measurement = measurement_record(
                    child=child,
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    value=form.cleaned_data["value"],
                    measured_on=form.cleaned_data["measured_on"],
                    place=form.cleaned_data["place"],
                    note=form.cleaned_data["note"],
                    client_id=form.cleaned_data["client_id"],
                    confirm_implausible=form.cleaned_data["confirm_implausible"],
                    same_day=form.cleaned_data["same_day"],
                )
                if visit is not None:
                    visit_link_measurement(visit_uuid=visit, measurement=measurement, by=request.user)
        except MeasurementNeedsConfirmation as asked:
            question = asked
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Measurement recorded."))
            if visit is not None:
                return redirect("visit_detail", family_uuid=child.family.uuid, visit_uuid=visit)
            return redirect("child_growth", child_uuid=child.uuid)
    page = None
    if child.date_of_birth is not None:
        page = growth_page(child=child, reference=child.organization.growth_reference)
    return render(
        request,
        "growth/child_growth.html",
        {
            "child": child,
            "family": child.family,
            "page": page,
            "form": form,
            "can_record": can_record,
            **_ask(form, question),
        },
    )


@require_GET_or_POST
@login_required
def measurement_correct_view(
    request: AuthedRequest, child_uuid: UUID, measurement_uuid: UUID
) -> HttpResponse:
    """Correct a measurement: a new row replaces it in lists, and the original stays in the history."""
    child = _child_for_request(request, child_uuid, Action.FAMILY_EDIT)
    measurement = Measurement.objects.latest_only().filter(child=child, uuid=measurement_uuid).first()
    if measurement is None:  # not this child's, or already corrected
        raise AccessDenied(
            actor=request.user,
            action=str(Action.FAMILY_EDIT),
            category="growth",
            subject_type="measurement",
            subject_id=measurement_uuid,
            family_uuid=child.family.uuid,
            organization_id=child.organization_id,
        )
    measurement.child = child
    initial = {
        "kind": measurement.kind,
        "value": measurement.value.normalize(),
        "measured_on": measurement.measured_on,
        "place": measurement.place,
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    question = None
    if request.method == "POST" and form.is_valid():
        try:
            measurement_correct(
                measurement=measurement,
                by=request.user,
                kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"],
                measured_on=form.cleaned_data["measured_on"],
                place=form.cleaned_data["place"],
                note=form.cleaned_data["note"],
                client_id=form.cleaned_data["client_id"],
                confirm_implausible=form.cleaned_data["confirm_implausible"],
            )
        except MeasurementNeedsConfirmation as asked:
            question = asked
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Measurement corrected; the original stays in the history."))
            return redirect("child_growth", child_uuid=child.uuid)
    return render(
        request,
        "growth/measurement_correct.html",
        {
            "child": child,
            "family": child.family,
            "measurement": measurement,
            "form": form,
            **_ask(form, question),
        },
    )
