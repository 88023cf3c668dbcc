"""A questionnaire from home: answered on a phone, kept as it goes (each Save, and each answer when
JavaScript runs), then sent. A safety answer shows what to do now — the crisis contacts and the emergency
number — on the very page that answers the sending."""

from __future__ import annotations

import uuid
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nestling.access.denials import AccessDenied
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.families.views.editing import add_errors
from nestling.pathways.models import FamilyPathway
from nestling.pathways.selectors import position_of
from nestling.portal.forms import QuestionnaireForm
from nestling.portal.models import AssignmentStatus, QuestionnaireAssignment, ScoreFeedback
from nestling.portal.principal import CaregiverPrincipal, require_caregiver, require_own
from nestling.portal.selectors import contact_lines, portal_read_audit, portal_settings_of
from nestling.portal.services.questionnaires import (
    definition_for,
    questionnaire_assign,
    questionnaire_draft_save,
    questionnaire_submit,
)
from nestling.records.errors import RecordInvalid
from nestling.screening.labels import InstrumentLabels
from nestling.screening.licensed_wording import instrument_wording_for
from nestling.screening.words import band_label


def _assignment(
    request: AuthedRequest, principal: CaregiverPrincipal, assignment_uuid: UUID
) -> QuestionnaireAssignment:
    assignment = (
        QuestionnaireAssignment.objects.select_related("family", "caregiver", "result")
        .filter(uuid=assignment_uuid)
        .first()
    )
    if assignment is None:
        raise AccessDenied(
            actor=request.user,
            action="portal.questionnaire",
            category="portal",
            subject_type="questionnaireassignment",
            subject_id=assignment_uuid,
        )
    require_own(principal, assignment, action="portal.questionnaire")
    return assignment


def _labels(assignment: QuestionnaireAssignment) -> InstrumentLabels:
    definition = definition_for(assignment.instrument)
    licensed = instrument_wording_for(
        organization_id=assignment.organization_id,
        definition=definition,
        language=translation.get_language() or "en",
    )
    return InstrumentLabels(definition, licensed)


@require_GET_or_POST
@login_required
def portal_questionnaire(request: AuthedRequest, assignment_uuid: UUID) -> HttpResponse:
    principal = require_caregiver(request.user)
    assignment = _assignment(request, principal, assignment_uuid)
    if assignment.status != AssignmentStatus.OPEN:
        return redirect("portal_questionnaire_sent", assignment.uuid)
    labels = _labels(assignment)
    form = QuestionnaireForm(
        request.POST or None,
        labels=labels,
        draft=assignment.draft,
        initial={"client_id": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            if "send" in request.POST:
                sent = questionnaire_submit(
                    principal=principal,
                    assignment=assignment,
                    answers=form.answers(),
                    client_id=form.cleaned_data["client_id"],
                )
                return redirect("portal_questionnaire_sent", sent.assignment.uuid)
            questionnaire_draft_save(principal=principal, assignment=assignment, answers=form.answers())
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            if request.headers.get("X-Nestling-Autosave"):
                return HttpResponse(status=204)
            messages.success(request, _("Your answers are saved. You can come back and finish later."))
            return redirect("portal_questionnaire", assignment.uuid)
    if request.method != "POST":
        portal_read_audit(
            principal,
            "questionnaire",
            subject_type="questionnaireassignment",
            subject_id=str(assignment.uuid),
        )
    answered = len(assignment.draft)
    return render(
        request,
        "portal/questionnaire.html",
        {
            "principal": principal,
            "assignment": assignment,
            "labels": labels,
            "form": form,
            "answered": answered,
            "total": len(labels.definition.items),
        },
    )


@require_safe
@login_required
def portal_questionnaire_sent(request: AuthedRequest, assignment_uuid: UUID) -> HttpResponse:
    principal = require_caregiver(request.user)
    assignment = _assignment(request, principal, assignment_uuid)
    if assignment.status != AssignmentStatus.SUBMITTED or assignment.result is None:
        return redirect("portal_questionnaire", assignment.uuid)
    settings = portal_settings_of(principal.family.organization_id)
    result = assignment.result
    definition = definition_for(assignment.instrument)
    shown_band = (
        band_label(definition, result.band)
        if settings.score_feedback == ScoreFeedback.BAND and result.band
        else ""
    )
    portal_read_audit(
        principal,
        "questionnaire sent",
        subject_type="questionnaireassignment",
        subject_id=str(assignment.uuid),
    )
    return render(
        request,
        "portal/questionnaire_sent.html",
        {
            "principal": principal,
            "assignment": assignment,
            "safety": bool(result.flags),
            "settings": settings,
            "contacts": contact_lines(settings.crisis_contacts),
            "shown_band": shown_band,
        },
    )


@require_POST
@login_required
def portal_questionnaire_start(request: AuthedRequest) -> HttpResponse:
    """Start a questionnaire step of the family's pathway (its day has come): it becomes this caregiver's
    questionnaire to fill in, given by the practitioner who put the family on the pathway."""
    principal = require_caregiver(request.user, action="portal.questionnaire")
    pathway_uuid = request.POST.get("pathway")
    on = (
        FamilyPathway.objects.filter(
            uuid=pathway_uuid, family=principal.family, ended_on__isnull=True
        ).first()
        if pathway_uuid is not None and _is_uuid(pathway_uuid)
        else None
    )
    position = position_of(on, language="en", caregiver_only=True) if on is not None else None
    step = next(
        (
            s
            for s in (position.reached if position else [])
            if s.step.id == request.POST.get("step") and s.step.kind == "questionnaire"
        ),
        None,
    )
    if on is None or step is None:
        raise AccessDenied(
            actor=request.user,
            action="portal.questionnaire",
            category="portal",
            subject_type="pathwaystep",
            subject_id=str(request.POST.get("step", ""))[:60],
        )
    key = f"{on.uuid}:{step.step.id}"
    with transaction.atomic():
        assignment = QuestionnaireAssignment.objects.filter(
            caregiver=principal.caregiver, step_key=key
        ).first()
        if assignment is None:
            try:
                assignment = questionnaire_assign(
                    family=principal.family,
                    caregiver=principal.caregiver,
                    instrument=step.step.instrument,
                    by=on.started_by,
                    step_key=key,
                )
            except RecordInvalid:
                messages.error(request, _("This questionnaire cannot be filled in here at the moment."))
                return redirect("portal_home")
    return redirect("portal_questionnaire", assignment.uuid)


def _is_uuid(value: str | None) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True
