"""The discharge of one episode: a form (date, reason, closing summary, and close-or-keep for every open
item), a confirm step that lists what will happen, then the discharge itself."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action
from nestling.access.shortcuts import audit_category_reads, family_for_request
from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.families.contributions import OpenItem
from nestling.families.forms import DischargeForm
from nestling.families.models import Enrollment, Family
from nestling.families.services.discharge import (
    Decision,
    DischargePlan,
    DischargeSection,
    already_discharged,
    discharge_plan,
    discharge_sections,
    enrollment_discharge,
)
from nestling.families.validation import discharge_errors
from nestling.families.views.editing import STALE_MESSAGE, add_errors, rebased, record_in_family
from nestling.records.errors import AlreadyClosed, OtherChange, RecordInvalid, StaleEdit

REVIEW, CONFIRM, EDIT = "review", "confirm", "edit"


def _items(sections: list[DischargeSection]) -> list[OpenItem]:
    return [item for section in sections for item in section.items]


def _answered_elsewhere(post: QueryDict, form: DischargeForm) -> dict[str, Decision]:
    """Answers sent for items the form does not list (closed meanwhile, another family's, or one the
    reader may not see): passed on, so that the service refuses them and says so, rather than ignored."""
    return {
        name.removeprefix("decide:"): Decision(close=post.get(name) == "close")
        for name in post
        if name.startswith("decide:") and name not in form.fields
    }


def _add_date_errors(form: DischargeForm, enrollment: Enrollment) -> None:
    """With other problems on the form, the date policy's too: every problem is shown at once."""
    if form.is_valid() or "discharged_on" in form.errors:
        return
    on = form.cleaned_data.get("discharged_on")
    for message in discharge_errors({"discharged_on": on}, enrolled_on=enrollment.enrolled_on).get(
        "discharged_on", []
    ):
        form.add_error("discharged_on", message)


def _render(
    request: AuthedRequest,
    *,
    family: Family,
    enrollment: Enrollment,
    form: DischargeForm | None,
    sections: list[DischargeSection],
    plan: DischargePlan | None = None,
    stale: list[OtherChange] | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    if request.method == "GET":
        # Showing an item of a sensitive category is a read of that category.
        audit_category_reads(request, family, {item.sensitive_category for item in _items(sections)})
    rows = [
        (
            section,
            [(item, form[f"decide:{item.key}"], form[f"reason:{item.key}"]) for item in section.items]
            if form is not None and plan is None
            else [],
        )
        for section in sections
    ]
    return render(
        request,
        "families/discharge.html",
        {
            "family": family,
            "enrollment": enrollment,
            "form": form,
            "rows": rows,
            "plan": plan,
            "stale": stale,
            "refused": refused,
            "hidden_count": sum(section.hidden_count for section in sections),
        },
        status=status,
    )


@require_GET_or_POST
@login_required
def enrollment_discharge_view(
    request: AuthedRequest, family_uuid: UUID, enrollment_uuid: UUID
) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="enrollment")
    enrollment = record_in_family(
        request,
        Enrollment.objects.select_related("program", "family__program__screening_schedule"),
        family,
        enrollment_uuid,
        kind="enrollment",
    )
    if enrollment.discharged_on is not None:
        return _render(
            request,
            family=family,
            enrollment=enrollment,
            form=None,
            sections=[],
            refused=already_discharged(enrollment).errors[""][0],
        )

    step = request.POST.get("step", REVIEW) if request.method == "POST" else ""
    on = timezone.localdate()
    if request.method == "POST":
        # The items of the date given: a visit on the day of discharge or after it is asked about.
        probe = DischargeForm(request.POST, items=[])
        probe.is_valid()
        on = probe.cleaned_data.get("discharged_on") or on
        if on > timezone.localdate() or on < enrollment.enrolled_on:
            on = timezone.localdate()
    sections = discharge_sections(user=request.user, enrollment=enrollment, on=on)
    if request.method != "POST":
        form = DischargeForm(
            initial={"version": enrollment.version, "discharged_on": on}, items=_items(sections)
        )
        return _render(request, family=family, enrollment=enrollment, form=form, sections=sections)

    form = DischargeForm(request.POST, items=_items(sections))
    if step == EDIT or not form.is_valid():
        _add_date_errors(form, enrollment)
        return _render(request, family=family, enrollment=enrollment, form=form, sections=sections)
    values: dict[str, Any] = {
        "enrollment": enrollment,
        "by": request.user,
        "version": form.cleaned_data["version"],
        "discharged_on": form.cleaned_data["discharged_on"],
        "reason": form.cleaned_data["discharge_reason"],
        "summary": form.cleaned_data["discharge_note"],
        "decisions": form.decisions() | _answered_elsewhere(request.POST, form),
    }
    try:
        if step == CONFIRM:
            enrollment_discharge(**values)
        else:
            plan = discharge_plan(**values)
    except StaleEdit as refusal:
        form = DischargeForm(rebased(request, refusal), items=_items(sections))
        form.is_valid()
        form.add_error(None, STALE_MESSAGE)
        return _render(
            request,
            family=family,
            enrollment=enrollment,
            form=form,
            sections=sections,
            stale=refusal.changes,
            status=409,
        )
    except AlreadyClosed as refusal:
        return _render(
            request,
            family=family,
            enrollment=enrollment,
            form=None,
            sections=[],
            refused=refusal.errors[""][0],
        )
    except RecordInvalid as refusal:
        add_errors(form, refusal)
        return _render(request, family=family, enrollment=enrollment, form=form, sections=sections)
    if step == CONFIRM:
        messages.success(
            request,
            _("%(family)s is discharged. They are under “Discharged” on your caseload.")
            % {"family": family.name},
        )
        return redirect("family_detail", family_uuid=family.uuid)
    return _render(request, family=family, enrollment=enrollment, form=form, sections=sections, plan=plan)
