"""A visit's structured note: drafted (saved while it is typed), signed once the visit is recorded as held,
and from then on changed only by addenda, which keep the original."""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.records.errors import AlreadyClosed, RecordInvalid, StaleEdit
from nestling.records.history import changes_since
from nestling.records.writes import (
    already_created,
    audit_create,
    insert_once,
    record_close_once,
    record_update,
)
from nestling.visits.models import NOTE_MAX, NoteAddendum, NoteStatus, Visit, VisitNote, VisitStatus

Errors = dict[str, list[str]]

# The parts of the note, in the order a practitioner writes them.
NOTE_FIELDS = ("observed", "offered", "caregiver_view", "reflection", "next_steps")
NO_NOTE_YET = 0  # the version a form holds before the visit has a note

SIGNED_REFUSAL = gettext_lazy("This note is signed, so it no longer changes: add an addendum instead.")


def length_errors(field: str, text: str) -> Errors:
    """A part of a note (or an addendum) is at most 10,000 characters."""
    if len(text) > NOTE_MAX:
        return {
            field: [
                _(
                    "At most %(max)s characters: this has %(n)s. Shorten it, or carry on in another part "
                    "of the note."
                )
                % {
                    "max": number_format(NOTE_MAX, force_grouping=True),
                    "n": number_format(len(text), force_grouping=True),
                }
            ]
        }
    return {}


def _text_errors(texts: dict[str, str]) -> Errors:
    errors: Errors = {}
    for field, text in texts.items():
        errors.update(length_errors(field, text))
    return errors


def _may_write(visit: Visit) -> None:
    if visit.status not in (VisitStatus.SCHEDULED, VisitStatus.COMPLETED):
        raise RecordInvalid(
            {
                "": [
                    _("This visit is %(status)s: a note is written for a visit that takes place.")
                    % {"status": visit.get_status_display().lower()}
                ]
            }
        )


def _refuse_signed(note: VisitNote) -> None:
    if note.signed_at is not None:
        raise AlreadyClosed({"": [str(SIGNED_REFUSAL)]})


def visit_note_save(*, visit: Visit, by: User, version: int, **texts: str) -> VisitNote:
    """Save the note's draft from the version the writer holds (NO_NOTE_YET before it exists): the note is
    made on the first save. A stale version raises StaleEdit; a signed note AlreadyClosed; a part over
    10,000 characters, or a visit missed or cancelled, RecordInvalid. Nothing is saved then.

    Drafts are saved while the note is typed, so each save is a change of the note, kept in its history.
    """
    family = visit.family
    require(by, Action.FAMILY_EDIT, family)
    unknown = set(texts) - set(NOTE_FIELDS)
    if unknown:
        raise TypeError(f"not parts of a note: {sorted(unknown)}")
    _may_write(visit)
    errors = _text_errors(texts)
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        # The visit's row is the lock: two first saves of one note meet here, and the second is stale.
        Visit.objects.select_for_update().filter(pk=visit.pk).first()
        note = VisitNote.objects.filter(visit=visit).first()
        if note is None:
            if version != NO_NOTE_YET:
                raise RecordInvalid({"": [_("This note is not there any more: reload the page.")]})
            note = VisitNote(
                organization_id=family.organization_id, visit=visit, family=family, created_by=by, **texts
            )
            note.save(force_insert=True)
            audit_create(by=by, record=note, family=family, detail={"visit": str(visit.uuid)})
            return note
        _refuse_signed(note)
        if version == NO_NOTE_YET:
            # Someone else started the note since this page was opened.
            raise StaleEdit(current_version=note.version, changes=changes_since(note, 0))
        updated, _before = record_update(
            note, by=by, version=version, changes=dict(texts), allowed=frozenset(NOTE_FIELDS), family=family
        )
    return updated


def _signer_errors(visit: Visit, by: User) -> Errors:
    if visit.status != VisitStatus.COMPLETED:
        return {
            "": [_("Record the visit as held first (who was there, what was offered); then sign its note.")]
        }
    leads = {visit.practitioner_id, *visit.co_practitioners.values_list("pk", flat=True)}
    if by.pk not in leads:
        return {"": [_("The note is signed by the practitioner who held the visit, or one who joined it.")]}
    return {}


def visit_note_sign(*, visit: Visit, by: User, version: int, **texts: str) -> VisitNote:
    """Save these last words of the note, then sign it: once, by a practitioner of the visit, for a visit
    recorded as held, when at least one part is written. From then on it changes only by addenda."""
    require(by, Action.FAMILY_EDIT, visit.family)
    errors = _signer_errors(visit, by)
    if errors:
        raise RecordInvalid(errors)
    if not any(text.strip() for text in texts.values()):
        raise RecordInvalid({"": [_("Write at least one part of the note before signing it.")]})
    with transaction.atomic():
        note = visit_note_save(visit=visit, by=by, version=version, **texts)
        return record_close_once(
            note,
            by=by,
            version=note.version,
            closed_when="signed_at",
            values={"status": NoteStatus.SIGNED, "signed_at": timezone.now(), "signed_by": by},
            refusal=lambda _current: str(SIGNED_REFUSAL),
            family=visit.family,
        )


def note_addendum_add(*, note: VisitNote, by: User, text: str, client_id: UUID | None = None) -> NoteAddendum:
    """Add to a signed note; the note itself stays as it was signed. A repeated submission (same client
    id) returns the addendum the first one made."""
    family = note.family
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(NoteAddendum, family=family, client_id=client_id)
    if existing is not None:
        return existing
    text = text.strip()
    errors: Errors = {}
    if note.signed_at is None:
        errors[""] = [_("The note is still a draft: change it directly; an addendum is for a signed note.")]
    if not text:
        errors["text"] = [_("Write the addendum.")]
    errors.update(length_errors("text", text))
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        addendum, created = insert_once(
            NoteAddendum(
                organization_id=family.organization_id,
                note=note,
                text=text,
                written_by=by,
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            audit_create(by=by, record=addendum, family=family, detail={"note": str(note.uuid)})
    return addendum
