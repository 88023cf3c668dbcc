"""The one way screening results are written, safety alerts are closed and licensed wording is loaded.

A result is scored by the pure engine with the definition's current version, and stored with that
version. In the same transaction: the audit row, one urgent alert per safety flag (to the practitioner
and their current supervisor), and a follow-up task when the screen is positive.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import current_q
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.errors import RecordInvalid
from nestling.families.models import Caregiver, Child, Family
from nestling.families.services.recording import already_created, audit_create, insert_once
from nestling.organizations.models import Organization, Program
from nestling.screening.eligibility import Subject, refusal
from nestling.screening.models import (
    AlertKind,
    FollowUpTask,
    InstrumentWording,
    ProgramSchedule,
    ResponseKind,
    SafetyAlert,
    ScreeningResult,
)
from nestling.screening.program import DEFAULT_SCHEDULE, schedule_errors, screen_to_row
from nestling.screening.scoring import Answer, ScoringError, UnknownInstrument, default_library, score
from nestling.screening.scoring.wording import LicensedWording, read_wording

FOLLOW_UP_DAYS = 14  # a positive screen is followed up within two weeks


def current_supervisor(practitioner: User, on: date | None = None) -> User | None:
    """The practitioner's current reflective supervisor (the most recent when there are several)."""
    from nestling.workforce.models import Supervision

    link = (
        Supervision.objects.filter(current_q(on=on), supervisee=practitioner)
        .select_related("supervisor")
        .order_by("-starts_on", "-pk")
        .first()
    )
    return link.supervisor if link is not None else None


def _subject_fields(subject: Subject) -> dict[str, Subject]:
    if isinstance(subject, Caregiver):
        return {"caregiver": subject}
    if isinstance(subject, Child):
        return {"child": subject}
    return {"relationship": subject}


def screening_record(
    *,
    family: Family,
    subject: Subject,
    instrument_id: str,
    answers: Sequence[Answer],
    by: User,
    administered_on: date,
    context: Mapping[str, str] | None = None,
    client_id: UUID | None = None,
) -> ScreeningResult:
    """Score and record one administration. Refusals raise RecordInvalid naming the field:
    `instrument` (unknown or not for this person), `answers` (wrong count, out of range, incomplete),
    `context`, `administered_on`.

    A repeated submission with the same client id returns the result the first one made.
    """
    existing = already_created(ScreeningResult, family=family, client_id=client_id)
    if existing is not None:
        return existing
    if subject.family_id != family.pk:
        raise RecordInvalid({"": [_("This person is not in this family.")]})
    try:
        definition = default_library().get(instrument_id)
    except UnknownInstrument:
        raise RecordInvalid({"instrument": [_("There is no such instrument.")]}) from None
    if administered_on > timezone.localdate():
        raise RecordInvalid({"administered_on": [_("This date is in the future.")]})
    why_not = refusal(definition, subject, administered_on)
    if why_not is not None:
        raise RecordInvalid({"instrument": [why_not]})
    context = dict(context or {})
    try:
        result = score(definition, answers, context)
    except ScoringError as exc:
        field = "context" if "context" in str(exc) else "answers"
        raise RecordInvalid({field: [str(exc)]}) from None
    if not result.complete:
        numbers = ", ".join(str(definition.item(item_id).number) for item_id in result.missing)
        message = _("Answer every question; missing: %(items)s.") % {"items": numbers}
        raise RecordInvalid({"answers": [message]})

    with transaction.atomic():
        row, created = insert_once(
            ScreeningResult(
                organization_id=family.organization_id,
                family=family,
                instrument=definition.id,
                definition=definition.key,
                answers=[list(a) if isinstance(a, tuple) else a for a in answers],
                context=context,
                total=result.total,
                band=result.band or "",
                positive=result.positive,
                flags=list(result.flags),
                subscales=dict(result.subscales),
                administered_on=administered_on,
                administered_by=by,
                respondent=definition.respondent,
                client_id=client_id,
                created_by=by,
                **_subject_fields(subject),
            )
        )
        if not created:
            return row
        audit_create(
            by=by,
            record=row,
            family=family,
            detail={"definition": definition.key, "subject": str(subject.uuid), "flags": list(result.flags)},
        )
        supervisor = current_supervisor(by) if result.flags else None
        now = timezone.now()
        for flag in result.flags:
            alert = SafetyAlert.objects.create(
                organization_id=family.organization_id,
                result=row,
                family=family,
                kind=flag if flag in AlertKind.values else AlertKind.SELF_HARM,
                raised_at=now,
                practitioner=by,
                supervisor=supervisor,
                created_by=by,
            )
            audit_create(
                by=by,
                record=alert,
                family=family,
                detail={
                    "result": str(row.uuid),
                    "to": [u.email for u in (by, supervisor) if u is not None],
                },
            )
        if result.positive:
            task = FollowUpTask.objects.create(
                organization_id=family.organization_id,
                family=family,
                result=row,
                text=_("Follow up the positive %(instrument)s: discuss it and consider a referral.")
                % {"instrument": definition.title},
                due_on=administered_on + timedelta(days=FOLLOW_UP_DAYS),
                created_by=by,
            )
            audit_create(by=by, record=task, family=family, detail={"result": str(row.uuid)})
    return row


def safety_alert_respond(*, alert: SafetyAlert, by: User, kind: str, note: str = "") -> SafetyAlert:
    """Close an alert with the response recorded. Without a kind, or `other` without a note, nothing
    closes (RecordInvalid); an alert someone already answered is refused with who answered."""
    note = note.strip()
    errors: dict[str, list[str]] = {}
    if kind not in ResponseKind.values:
        errors["kind"] = [_("Choose what was done in response.")]
    elif kind == ResponseKind.OTHER and not note:
        errors["note"] = [_("Say what was done.")]
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        current = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
        if current.responded_at is not None:
            raise RecordInvalid({"": [_("Someone has already recorded a response to this alert.")]})
        current.responded_at = timezone.now()
        current.responded_by = by
        current.response = kind
        current.response_note = note
        current.version += 1
        closed = ["responded_at", "responded_by", "response", "response_note", "version", "updated_at"]
        current.save(update_fields=closed)
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="safetyalert",
            organization_id=current.organization_id,
            subject_type="safetyalert",
            subject_id=current.uuid,
            family_uuid=alert.family.uuid,
            detail={
                "after": {"response": kind, "responded_at": current.responded_at.isoformat()},
                "minutes_to_response": round((current.responded_at - current.raised_at).total_seconds() / 60),
                "version": current.version,
            },
        )
    return current


class ScheduleChanged(Exception):
    """The program's schedule was saved by someone else since the editor loaded it; nothing was saved."""

    def __init__(self, *, current_version: int, by: str) -> None:
        self.current_version = current_version
        self.by = by
        super().__init__(f"the schedule is now at version {current_version}")


def program_schedule_save(
    *, program: Program, rows: Sequence[Mapping[str, Any]], by: User, version: int
) -> ProgramSchedule | None:
    """Save the program's own screening schedule; an empty list goes back to Nestling's default.

    `version` is the one the editor loaded (0 for the default): a save over a newer one is refused with
    `ScheduleChanged`. Every problem with the rows is refused at once with `RecordInvalid`. Audited.
    """
    errors = schedule_errors(rows, default_library())
    if errors:
        raise RecordInvalid({"": errors})
    with transaction.atomic():
        stored = (
            ProgramSchedule.objects.select_for_update()
            .select_related("updated_by")
            .filter(program=program)
            .first()
        )
        current = stored.version if stored is not None else 0
        if version != current:
            raise ScheduleChanged(
                current_version=current, by=stored.updated_by.display_name if stored is not None else ""
            )
        before = stored.rows if stored is not None else [screen_to_row(s) for s in DEFAULT_SCHEDULE]
        if rows:
            if stored is None:
                stored = ProgramSchedule(program=program, organization_id=program.organization_id)
            stored.rows = [dict(row) for row in rows]
            stored.version = current + 1
            stored.updated_by = by
            stored.save()
        elif stored is not None:
            stored.delete()
            stored = None
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="settings",
            organization_id=program.organization_id,
            subject_type="program",
            subject_id=program.uuid,
            detail={
                "screening_schedule": "saved" if rows else "default",
                "before": before,
                "after": list(rows) if rows else [screen_to_row(s) for s in DEFAULT_SCHEDULE],
            },
        )
    return stored


LICENCE_REFERENCE_MAX = 300
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
WORDING_CATEGORY = "instrument_wording"


class WordingRefused(Exception):
    """Licensed wording cannot be imported or removed; `errors` lists every reason, one line each."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class WordingImport:
    """What an import did: `checked` (a dry run), `created`, `replaced` or `unchanged` (the same file)."""

    outcome: Literal["checked", "created", "replaced", "unchanged"]
    definition_key: str
    language: str
    items: int
    wording: InstrumentWording | None


def wording_language_problem(language: str) -> str | None:
    """Why `language` cannot name a copy (None when it can): a code such as en, es or pt-br."""
    if not LANGUAGE_CODE.match(language):
        return f"language: {language!r} is not a language code such as en, es or pt-br"
    return None


def _read_wording_file(content: bytes) -> tuple[LicensedWording | None, list[str]]:
    try:
        data = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        return None, ["file: is not UTF-8 text"]
    except json.JSONDecodeError as exc:
        return None, [f"file: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
    return read_wording(data, default_library())


def instrument_wording_check(
    *, content: bytes, licence: str, language: str
) -> tuple[LicensedWording | None, list[str]]:
    """Check a wording file and the import's arguments together; return the wording or every error."""
    errors: list[str] = []
    if not licence.strip():
        errors.append("licence: say which licence or permission covers this copy, e.g. a letter's date")
    elif len(licence.strip()) > LICENCE_REFERENCE_MAX:
        errors.append(
            f"licence: is {len(licence.strip())} characters long; the limit is {LICENCE_REFERENCE_MAX}"
        )
    language_problem = wording_language_problem(language)
    if language_problem:
        errors.append(language_problem)
    wording, file_errors = _read_wording_file(content)
    return (wording if not errors else None), errors + file_errors


def instrument_wording_import(
    *,
    organization: Organization,
    content: bytes,
    licence: str,
    language: str,
    by: User | None,
    by_label: str = "",
    dry_run: bool = False,
) -> WordingImport:
    """Load an organization's licensed wording of one instrument version in one language.

    `content` is the file as read (its SHA-256 is kept). Every problem is raised together in
    WordingRefused and nothing is written. A re-import replaces the wording in place; importing the very
    same file under the same licence reference changes nothing. Each change is audited. `by` is the staff
    member responsible, when known; `by_label`, when given, says who ran it (with a shell account).
    """
    language = language.strip().lower()
    licence = licence.strip()
    wording, errors = instrument_wording_check(content=content, licence=licence, language=language)
    if errors or wording is None:
        raise WordingRefused(errors)
    items = len(wording.items)
    if dry_run:
        return WordingImport("checked", wording.definition_key, language, items, None)
    digest = hashlib.sha256(content).hexdigest()
    label = by_label or (by.email if by is not None else "command line")
    try:
        with transaction.atomic():
            row = (
                InstrumentWording.objects.select_for_update()
                .filter(organization=organization, definition=wording.definition_key, language=language)
                .first()
            )
            if row is not None and row.file_sha256 == digest and row.licence_reference == licence:
                return WordingImport("unchanged", wording.definition_key, language, items, row)
            before = None
            if row is None:
                row = InstrumentWording(
                    organization=organization, definition=wording.definition_key, language=language
                )
            else:
                before = {
                    "file_sha256": row.file_sha256,
                    "licence_reference": row.licence_reference,
                    "imported_at": row.imported_at.isoformat(),
                    "imported_by": row.imported_by_label,
                    "version": row.version,
                }
                row.version += 1
            row.preamble = wording.preamble
            row.item_texts = dict(wording.items)
            row.option_labels = {item_id: list(labels) for item_id, labels in wording.options.items()}
            row.licence_reference = licence
            row.file_sha256 = digest
            row.imported_at = timezone.now()
            row.imported_by = by
            row.imported_by_label = label
            if before is None:
                row.save(force_insert=True)
            else:
                row.save(
                    update_fields=[
                        "preamble",
                        "item_texts",
                        "option_labels",
                        "licence_reference",
                        "file_sha256",
                        "imported_at",
                        "imported_by",
                        "imported_by_label",
                        "version",
                        "updated_at",
                    ]
                )
            after = {
                "definition": row.definition,
                "language": language,
                "file_sha256": digest,
                "licence_reference": licence,
                "items": items,
                "imported_by": label,
                "version": row.version,
            }
            audit_record(
                actor=by,
                action=AuditAction.CREATE if before is None else AuditAction.CHANGE,
                category=WORDING_CATEGORY,
                organization_id=organization.pk,
                subject_type="instrumentwording",
                subject_id=row.uuid,
                detail={"after": after} if before is None else {"before": before, "after": after},
            )
    except IntegrityError:
        # Another import of the same instrument and language committed first.
        raise WordingRefused(
            ["another import of this wording ran at the same moment; run it again"]
        ) from None
    outcome: Literal["created", "replaced"] = "created" if before is None else "replaced"
    return WordingImport(outcome, wording.definition_key, language, items, row)


def instrument_wording_remove(
    *,
    organization: Organization,
    instrument: str,
    language: str | None = None,
    by: User | None,
    by_label: str = "",
) -> list[InstrumentWording]:
    """Remove an organization's wording of an instrument version: one language, or every language when
    `language` is None. Pages fall back to question numbers. Each removal is audited; removing what is
    not there raises WordingRefused."""
    try:
        definition = default_library().get(instrument)
    except UnknownInstrument as exc:
        raise WordingRefused([f"instrument: {exc}"]) from None
    label = by_label or (by.email if by is not None else "command line")
    with transaction.atomic():
        rows = InstrumentWording.objects.select_for_update().filter(
            organization=organization, definition=definition.key
        )
        if language is not None:
            rows = rows.filter(language=language.strip().lower())
        removed = list(rows.order_by("language"))
        if not removed:
            where = f" in {language!r}" if language is not None else ""
            raise WordingRefused([f"{organization.slug} has no wording of {definition.key}{where} to remove"])
        for row in removed:
            audit_record(
                actor=by,
                action=AuditAction.DELETE,
                category=WORDING_CATEGORY,
                organization_id=organization.pk,
                subject_type="instrumentwording",
                subject_id=row.uuid,
                detail={
                    "before": {
                        "definition": row.definition,
                        "language": row.language,
                        "file_sha256": row.file_sha256,
                        "licence_reference": row.licence_reference,
                        "version": row.version,
                    },
                    "removed_by": label,
                },
            )
            row.delete()
    return removed
