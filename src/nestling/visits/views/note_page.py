"""The visit's page, and its note: saved as a draft (by the button, or while typed, by the page's own
script), signed, then added to by addenda."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, can
from nestling.access.shortcuts import audit_category_reads
from nestling.accounts.http import AuthedRequest
from nestling.families.models import Family
from nestling.families.views.editing import add_errors
from nestling.records.errors import AlreadyClosed, RecordInvalid, StaleEdit
from nestling.visits.forms import NOTE_LABELS, NoteAddendumForm, VisitNoteForm
from nestling.visits.models import Visit, VisitNote
from nestling.visits.selectors import visit_actions, visit_page
from nestling.visits.services import (
    NO_NOTE_YET,
    NOTE_FIELDS,
    note_addendum_add,
    visit_note_save,
    visit_note_sign,
)
from nestling.visits.views.common import rebased_on, visit_family, visit_of

NOTE_STALE = _(
    "Someone else saved this note after you opened it, so your last changes were not saved yet. Their "
    "version is shown below; your text is still in the form. Bring in what you need from theirs, then save: "
    "yours will replace it."
)


def render_visit_page(
    request: AuthedRequest,
    *,
    family: Family,
    visit: Visit,
    note_form: VisitNoteForm | None = None,
    addendum_form: NoteAddendumForm | None = None,
    their_note: VisitNote | None = None,
    status: int = 200,
) -> HttpResponse:
    """The visit's page; a form sent back unsaved (the note's, an addendum's) is shown as it was typed."""
    page = visit_page(actor=request.user, family=family, visit=visit)
    actions = visit_actions(
        visit=visit,
        page=page,
        actor=request.user,
        can_edit=can(request.user, Action.FAMILY_EDIT, family),
        today=timezone.localdate(),
    )
    note = page.note
    if actions.write_note and note_form is None:
        texts = {name: getattr(note, name) for name in NOTE_FIELDS} if note is not None else {}
        note_form = VisitNoteForm(initial={"version": note.version if note else NO_NOTE_YET, **texts})
    if actions.add_addendum and addendum_form is None:
        addendum_form = NoteAddendumForm()
    # Screens in a sensitive category shown here are reads of that category.
    audit_category_reads(request, family, page.shown_categories, subject_type="visit", subject_id=visit.uuid)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "family": family,
            "visit": visit,
            "page": page,
            "actions": actions,
            "note_form": note_form if actions.write_note else None,
            "addendum_form": addendum_form if actions.add_addendum else None,
            "their_note": their_note,
            "note_parts": [(NOTE_LABELS[name][0], getattr(note, name)) for name in NOTE_FIELDS]
            if note
            else [],
            "today": timezone.localdate(),
        },
        status=status,
    )


def _visit_url(family: Family, visit: Visit, anchor: str) -> str:
    return reverse("visit_detail", args=[family.uuid, visit.uuid]) + f"#{anchor}"


def _as_addendum(texts: dict[str, str]) -> str:
    """What someone typed into a note that was signed meanwhile, as the start of an addendum."""
    return "\n\n".join(
        f"{NOTE_LABELS[name][0]}: {text.strip()}" for name, text in texts.items() if text.strip()
    )


@require_POST
@login_required
def visit_note_view(request: AuthedRequest, family_uuid: UUID, visit_uuid: UUID) -> HttpResponse:
    """Save the note's draft ("Save draft"), or save and sign it ("Sign the note")."""
    family = visit_family(request, family_uuid, Action.FAMILY_EDIT)
    visit = visit_of(request, family, visit_uuid)
    form = VisitNoteForm(request.POST)
    signing = request.POST.get("action") == "sign"
    their_note = None
    status = 200
    if form.is_valid():
        save = visit_note_sign if signing else visit_note_save
        try:
            save(visit=visit, by=request.user, version=form.cleaned_data["version"], **form.texts())
        except StaleEdit as refusal:
            form = VisitNoteForm(rebased_on(request, refusal))
            form.is_valid()
            form.add_error(None, NOTE_STALE)
            their_note = VisitNote.objects.filter(visit=visit).select_related("signed_by").first()
            status = 409
        except AlreadyClosed:
            # Signed by someone else meanwhile: what was typed waits in the addendum form.
            messages.error(
                request, _("This note was signed meanwhile. What you typed is in the addendum form below.")
            )
            return render_visit_page(
                request,
                family=family,
                visit=visit,
                addendum_form=NoteAddendumForm(initial={"text": _as_addendum(form.texts())}),
                status=409,
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Note signed.") if signing else _("Draft saved."))
            return redirect(_visit_url(family, visit, "note"))
    return render_visit_page(
        request, family=family, visit=visit, note_form=form, their_note=their_note, status=status
    )


@require_POST
@login_required
def visit_note_autosave(request: AuthedRequest, family_uuid: UUID, visit_uuid: UUID) -> JsonResponse:
    """The page's script saves the draft while it is typed: 200 with the new version; 409 when someone
    else saved (or signed) it since, saying so; 400 with what is wrong."""
    family = visit_family(request, family_uuid, Action.FAMILY_EDIT)
    visit = visit_of(request, family, visit_uuid)
    form = VisitNoteForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    try:
        note = visit_note_save(
            visit=visit, by=request.user, version=form.cleaned_data["version"], **form.texts()
        )
    except StaleEdit as refusal:
        return JsonResponse(
            {
                "conflict": str(
                    _(
                        "Someone else saved this note since you opened it, so this was not saved. Use "
                        "“Save draft” to see their version beside yours."
                    )
                ),
                "version": refusal.current_version,
            },
            status=409,
        )
    except AlreadyClosed:
        return JsonResponse(
            {
                "conflict": str(_("This note was signed meanwhile: reload the page and add an addendum.")),
                "signed": True,
            },
            status=409,
        )
    except RecordInvalid as refusal:
        return JsonResponse(
            {"errors": {field: [{"message": m} for m in msgs] for field, msgs in refusal.errors.items()}},
            status=400,
        )
    saved_at = time_format(timezone.localtime(note.updated_at), "H:i")
    return JsonResponse(
        {"version": note.version, "message": str(_("Draft saved at %(time)s.") % {"time": saved_at})}
    )


@require_POST
@login_required
def note_addendum_view(request: AuthedRequest, family_uuid: UUID, visit_uuid: UUID) -> HttpResponse:
    family = visit_family(request, family_uuid, Action.FAMILY_EDIT)
    visit = visit_of(request, family, visit_uuid)
    note = VisitNote.objects.filter(visit=visit).first()
    if note is None:
        raise AccessDenied(
            actor=request.user,
            action=str(Action.FAMILY_EDIT),
            category="visitnote",
            subject_type="visit",
            subject_id=visit.uuid,
            family_uuid=family.uuid,
            organization_id=family.organization_id,
        )
    note.family = family
    form = NoteAddendumForm(request.POST)
    if form.is_valid():
        try:
            note_addendum_add(
                note=note,
                by=request.user,
                text=form.cleaned_data["text"],
                client_id=form.cleaned_data["client_id"],
            )
        except RecordInvalid as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("Addendum added; the signed note stays as it was."))
            return redirect(_visit_url(family, visit, "addenda"))
    return render_visit_page(request, family=family, visit=visit, addendum_form=form)
