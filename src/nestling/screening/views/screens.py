"""The screening page, giving a screen, its result, and marking it entered in error."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.hidden import left_out
from nestling.access.policy import Action, can, require_category, shown_to
from nestling.access.shortcuts import audit_category_reads
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.age_words import program_rule
from nestling.families.contributions import record_parts
from nestling.families.models import Family, Person
from nestling.families.selectors import visible_sensitive_categories
from nestling.families.views.editing import add_errors
from nestling.records.errors import RecordInvalid
from nestling.screening.alert_selectors import open_alerts_in_family
from nestling.screening.charts import results_charts
from nestling.screening.eligibility import refusal
from nestling.screening.follow_on import at_risk_numbers, follow_on_of, is_follow_on, source_for
from nestling.screening.forms import (
    AdministrationForm,
    EnteredInErrorForm,
    context_words,
)
from nestling.screening.licensed_wording import wording_loaded_keys
from nestling.screening.models import (
    ScreeningResult,
)
from nestling.screening.scoring import (
    Definition,
    ScoringError,
    UnknownInstrument,
    default_library,
    flagged_items,
)
from nestling.screening.scoring.engine import skipped_items
from nestling.screening.selectors import family_screening, results_for
from nestling.screening.sensitivity import instrument_category
from nestling.screening.services import (
    screening_record,
    screening_result_mark_entered_in_error,
)
from nestling.screening.views.common import (
    CATEGORY,
    SUBJECT_MODELS,
    _charts,
    _family,
    _labels,
    _refuse,
    _require_shown,
)
from nestling.screening.words import band_label, grant_needed_to_give, name_in_sentence, result_meaning
from nestling.tasks.selectors import open_tasks_seen, shown_categories
from nestling.visits.services import visit_link_screening


@require_safe
@login_required
def family_screening_view(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    """What is due for each person, the instruments that fit them today, and their history."""
    family = _family(request, family_uuid)
    categories = visible_sensitive_categories(user=request.user, family=family)
    people = family_screening(
        family=family, on=timezone.localdate(), rule=program_rule(family.program), categories=categories
    )
    tasks = open_tasks_seen(family=family, categories=categories)
    audit_category_reads(
        request, family, shown_categories(tasks).union(*(person.shown_categories for person in people))
    )
    return render(
        request,
        "screening/family_screening.html",
        {
            "family": family,
            "people": [(person, *_charts(person)) for person in people],
            "follow_ups": {"family": family, "rows": tasks},
            "open_alerts": {
                "family": family,
                "alerts": open_alerts_in_family(actor=request.user, family=family),
            },
            "wording_loaded": wording_loaded_keys(organization_id=family.organization_id),
            "today": timezone.localdate(),
            "can_edit": can(request.user, Action.FAMILY_EDIT, family),
            "visit_query": _visit_query(request),
        },
    )


def _visit_query(request: AuthedRequest) -> str:
    """`?visit=<id>` for the links to give a screen, when the page was opened from a visit."""
    try:
        return f"?visit={UUID(request.GET.get('visit', ''))}"
    except ValueError:
        return ""


@require_GET_or_POST
@login_required
def screening_administer(
    request: AuthedRequest, family_uuid: UUID, subject_kind: str, subject_uuid: UUID, instrument_id: str
) -> HttpResponse:
    """The form rendered from the definition; saving scores it and shows the result."""
    family = _family(request, family_uuid, Action.FAMILY_EDIT)
    model = SUBJECT_MODELS.get(subject_kind)
    subject: Person | None = None
    if model is not None:
        subject = model._default_manager.filter(family=family, uuid=subject_uuid).first()
    if subject is None:
        raise _refuse(request, family, subject_kind, subject_uuid)
    try:
        definition = default_library().get(instrument_id)
    except UnknownInstrument:
        raise Http404 from None
    # Only a practitioner with a grant for the instrument's category gives it; the others are told why.
    require_category(
        request.user,
        instrument_category(definition.id),
        family,
        action="screening.give",
        subject_type="instrument",
        subject_id=definition.key,
        explanation=grant_needed_to_give(definition),
    )
    why_not = refusal(definition, subject, timezone.localdate(), program_rule(family.program))
    labels = _labels(family, definition)
    asked_for_by = (
        source_for(definition.id, results_for(family=family, subject=subject), timezone.localdate())
        if is_follow_on(definition.id)
        else None
    )
    at_risk = at_risk_numbers(asked_for_by) if asked_for_by is not None else ()
    not_asked = (
        frozenset(item.number for item in definition.items if item.number not in at_risk)
        if asked_for_by is not None
        else frozenset()
    )
    form = AdministrationForm(
        request.POST or None, labels=labels, not_asked=not_asked, initial={"visit": request.GET.get("visit")}
    )
    if request.method == "POST" and why_not is None and form.is_valid():
        visit = form.cleaned_data.get("visit")
        try:
            # Given during a visit: linked to it in the same transaction, or neither is kept.
            with transaction.atomic():
                result = screening_record(
                    family=family,
                    subject=subject,
                    instrument_id=definition.key,
                    answers=form.answers(),
                    context=form.context(),
                    by=request.user,
                    administered_on=form.cleaned_data["administered_on"],
                    client_id=form.cleaned_data["client_id"],
                    stopped_early=form.cleaned_data.get("stopped_early", False),
                )
                if visit is not None:
                    visit_link_screening(visit_uuid=visit, result=result, by=request.user)
        except RecordInvalid as refused:
            add_errors(form, refused)
        else:
            if result.alerts.exists():
                messages.error(
                    request,
                    _("A safety item was answered above 0: an urgent alert went to you and your supervisor."),
                    extra_tags="urgent",
                )
            elif not result.is_complete:
                messages.success(request, _("The answers given are kept; the screen is not scored."))
            else:
                messages.success(request, _("Screen recorded."))
            return redirect("screening_result", family_uuid=family.uuid, result_uuid=result.uuid)
    return render(
        request,
        "screening/administer.html",
        {
            "family": family,
            "subject": subject,
            "definition": definition,
            "form": form,
            "refusal": why_not,
            "labels": labels,
            "safety_answered": _safety_answered(definition, form) if form.is_bound else (),
            "asked_for_by": asked_for_by,
            "at_risk": at_risk,
        },
    )


def _safety_answered(definition: Definition, form: AdministrationForm) -> tuple[int, ...]:
    """Numbers of the safety questions answered above 0 on a form sent back unsaved, so an answer about
    self-harm is acted on even while the rest of the sheet is unfinished."""
    if not hasattr(form, "cleaned_data"):
        return ()
    try:
        return flagged_items(definition, form.answers())
    except ScoringError:
        return ()


@require_safe
@login_required
def screening_result_view(request: AuthedRequest, family_uuid: UUID, result_uuid: UUID) -> HttpResponse:
    family = _family(request, family_uuid)
    result = (
        ScreeningResult.objects.filter(family=family, uuid=result_uuid)
        .select_related(
            "administered_by",
            "entered_in_error_by",
            "subject__caregiver",
            "subject__child",
            "subject__relationship__caregiver",
            "subject__relationship__child",
        )
        .first()
    )
    if result is None:
        raise _refuse(request, family, "screeningresult", result_uuid)
    # A result in a sensitive category the reader has no grant for does not exist for them.
    categories = visible_sensitive_categories(user=request.user, family=family)
    _require_shown(request, family, result, categories)
    every = results_for(family=family, subject=result.person)
    history = [past for past in every if shown_to(past, categories)]
    audit_category_reads(
        request, family, {result.sensitive_category}, subject_type="screeningresult", subject_id=result.uuid
    )
    audit_category_reads(
        request, family, {past.sensitive_category for past in history} - {result.sensitive_category}
    )
    definition = default_library().get(result.definition)
    labels = _labels(family, definition)
    may_edit = not result.is_entered_in_error and can(request.user, Action.FAMILY_EDIT, family)
    given = [
        (item, answer if isinstance(answer, list) else ([] if answer is None else [answer]))
        for item, answer in zip(definition.items, result.answers, strict=False)
    ]
    scores = [max((item.options[p].score for p in positions), default=None) for item, positions in given]
    # A question the form's own skip left out reads as skipped, with the score the key gives it.
    skipped = skipped_items(definition, scores)
    rows = []
    for (item, positions), item_score in zip(given, scores, strict=True):
        is_skipped = not positions and item.id in skipped
        rows.append(
            {
                "item": item,
                "question": labels.question(item),
                "question_lang": labels.question_lang(item),
                "answers": [_("Skipped, as the form says")]
                if is_skipped
                else [labels.answer(item, p) for p in positions],
                # one item's answers share a language; a skip is said in the page's own
                "answers_lang": "" if is_skipped or not positions else labels.answer_lang(item, positions[0]),
                "score": skipped[item.id] if is_skipped else item_score,
            }
        )
    return render(
        request,
        "screening/result.html",
        {
            "family": family,
            "result": result,
            "definition": definition,
            "labels": labels,
            "meaning": result_meaning(definition, result),
            "band_label": band_label(definition, result.band) if result.band else "",
            "rows": rows,
            "answered_count": sum(1 for row in rows if row["answers"]),
            "subscales": _subscale_rows(definition, result),
            "context_rows": [
                {"label": context_words(key)[0], "value": context_words(key)[2].get(value, value)}
                for key, value in result.context.items()
            ],
            "history": history,
            "history_left_out": left_out(every, categories),
            "charts": results_charts(
                subject=result.person, results=[r for r in history if r.instrument == result.instrument]
            ),
            "alerts": list(result.alerts.select_related("responded_by")),
            "follow_ups": list(result.tasks.select_related("done_by")),
            "follow_on": _follow_on_offer(family, result, history) if may_edit else None,
            "may_mark_error": may_edit,
            "record_parts": record_parts(actor=request.user, family=family, record=result),
        },
    )


@require_GET_or_POST
@login_required
def screening_result_entered_in_error(
    request: AuthedRequest, family_uuid: UUID, result_uuid: UUID
) -> HttpResponse:
    """Mark a screen recorded by mistake, with what went wrong; for whoever may edit the family."""
    family = _family(request, family_uuid, Action.FAMILY_EDIT)
    result = (
        ScreeningResult.objects.filter(family=family, uuid=result_uuid)
        .select_related(
            "subject__caregiver",
            "subject__child",
            "subject__relationship__caregiver",
            "subject__relationship__child",
        )
        .first()
    )
    if result is None:
        raise _refuse(request, family, "screeningresult", result_uuid)
    _require_shown(request, family, result)
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action=AuditAction.READ,
            category=result.sensitive_category or CATEGORY,
            organization_id=family.organization_id,
            subject_type="screeningresult",
            subject_id=result.uuid,
            family_uuid=family.uuid,
            detail={"path": request.path},
        )
    form = EnteredInErrorForm(request.POST or None, initial={"version": result.version})
    if request.method == "POST" and form.is_valid():
        try:
            screening_result_mark_entered_in_error(
                result=result,
                by=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except RecordInvalid as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("Marked as entered in error; it no longer counts as given."))
            return redirect("screening_result", family_uuid=family.uuid, result_uuid=result.uuid)
    return render(
        request,
        "screening/result_entered_in_error.html",
        {"family": family, "result": result, "form": form},
    )


def _follow_on_offer(
    family: Family, result: ScreeningResult, history: list[ScreeningResult]
) -> dict[str, str] | None:
    """The screen this result asks to be given next, with the link to give it, while it is still to do.
    Only for a reader who may give screens to the family."""
    follow_on = follow_on_of(result)
    if follow_on is None:
        return None
    if source_for(follow_on, history, timezone.localdate()) != result:
        return None
    url = reverse(
        "screening_administer",
        args=[family.uuid, result.subject.kind, result.subject_id, follow_on],
    )
    return {"title": name_in_sentence(default_library().get(follow_on)), "url": url}


def _subscale_rows(definition: Definition, result: ScreeningResult) -> list[dict[str, object]]:
    """Each subscale by its label, with its value and whether it reached its own cut-off (the BPSC is
    positive when any one does)."""
    rows = []
    for subscale in definition.subscales:
        value = result.subscales.get(subscale.id)
        at_risk = value is not None and subscale.positive_min is not None and value >= subscale.positive_min
        rows.append({"label": _(subscale.label), "value": value, "at_risk": at_risk})
    return rows
