"""The one way screening results are written (and marked entered in error), and follow-up tasks are
closed (a safety alert's response is `safety_response`'s).

A result is scored by the pure engine with the definition's current version, and stored with that
version. In the same transaction: the audit row, one urgent alert per safety flag (to the practitioner
and their current supervisor, emailed once it is committed, and sent on to the program's managers when
still unanswered after a delay: `background`), and a follow-up task when the screen is positive.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid5

from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, current_q, require, require_category
from nestling.accounts.models import Supervision, User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import Family, Person, Relationship, subject_of
from nestling.families.validation import recorded_errors, rescreen_errors
from nestling.organizations.models import Program
from nestling.records.errors import RecordInvalid
from nestling.records.writes import already_created, audit_create, insert_once, record_close_once
from nestling.screening.background import alert_raised
from nestling.screening.eligibility import refusal
from nestling.screening.follow_on import at_risk_numbers, follow_on_of, is_follow_on, source_for
from nestling.screening.models import (
    AlertKind,
    ProgramSchedule,
    ResultSource,
    SafetyAlert,
    ScreeningResult,
)
from nestling.screening.program import DEFAULT_SCHEDULE, schedule_errors, screen_to_row
from nestling.screening.scoring import Answer, ScoringError, UnknownInstrument, default_library, score
from nestling.screening.sensitivity import instrument_category
from nestling.screening.task_kinds import POSITIVE_SCREEN, RESCREEN
from nestling.screening.words import band_label, grant_needed_to_give, name_in_sentence
from nestling.tasks.kinds import TaskOutcome
from nestling.tasks.models import Task
from nestling.tasks.services import task_close, task_open, tasks_close_open

FOLLOW_UP_DAYS = 14  # a positive screen is followed up within two weeks


def current_supervisor(practitioner: User, on: date | None = None) -> User | None:
    """The practitioner's current reflective supervisor (the most recent when there are several)."""
    link = (
        Supervision.objects.filter(current_q(on=on), supervisee=practitioner)
        .select_related("supervisor")
        .order_by("-starts_on", "-pk")
        .first()
    )
    return link.supervisor if link is not None else None


def _submission_id(client_id: UUID | None, *, sent: list[Any]) -> UUID | None:
    """The id a submission is kept under: the form's client id, told apart by what was sent. The same
    answers sent again find the first result; changed answers under the same form (Back, change, send
    again) are another screen, never dropped — a safety answer among them raises its alert."""
    if client_id is None:
        return None
    content = json.dumps(sent, sort_keys=True, default=str, separators=(",", ":"))
    return uuid5(client_id, content)


def screening_record(
    *,
    family: Family,
    subject: Person,
    instrument_id: str,
    answers: Sequence[Answer],
    by: User,
    administered_on: date,
    context: Mapping[str, str] | None = None,
    client_id: UUID | None = None,
    stopped_early: bool = False,
    source: str = ResultSource.PRACTITIONER,
) -> ScreeningResult:
    """Score and record one administration. Refusals raise RecordInvalid naming the field:
    `instrument` (unknown or not for this person), `answers` (wrong count, out of range, incomplete),
    `context`, `administered_on`.

    An incomplete screen is refused unless `stopped_early`: then the answers given are kept unscored (no
    total, band or follow-up; the screen stays due), and a safety answer among them still raises its alert.
    A repeated submission with the same client id returns the result the first one made. An instrument
    in a sensitive category needs a grant for it (AccessDenied, saying why). A caregiver's answers from
    the portal are recorded with `source` self-report, `by` the practitioner they go to (the alert too).
    """
    require(by, Action.FAMILY_EDIT, family)
    client_id = _submission_id(
        client_id,
        sent=[instrument_id, str(subject.uuid), answers, administered_on, context or {}, stopped_early],
    )
    existing = already_created(ScreeningResult, family=family, client_id=client_id)
    if existing is not None:
        return existing
    if subject.family_id != family.pk:
        raise RecordInvalid({"": [_("This person is not in this family.")]})
    try:
        definition = default_library().get(instrument_id)
    except UnknownInstrument:
        raise RecordInvalid({"instrument": [_("There is no such instrument.")]}) from None
    # Only a practitioner with a grant for the instrument's category gives it: they will see its results.
    require_category(
        by,
        instrument_category(definition.id),
        family,
        action="screening.give",
        subject_type="instrument",
        subject_id=definition.key,
        explanation=grant_needed_to_give(definition),
    )
    # the record's date policy: given in the last year, not before the person was born
    # (a relationship's screen is of the child with the caregiver: not before the child was born)
    born_one = subject.child if isinstance(subject, Relationship) else subject
    date_problems = recorded_errors(
        "administered_on", administered_on, born=born_one.date_of_birth, born_whom=born_one.full_name
    )
    if date_problems:
        raise RecordInvalid(date_problems)
    why_not = refusal(definition, subject, administered_on)
    if why_not is not None:
        raise RecordInvalid({"instrument": [why_not]})
    context = dict(context or {})
    try:
        result = score(definition, answers, context)
    except ScoringError as exc:
        field = "context" if "context" in str(exc) else "answers"
        raise RecordInvalid({field: [str(exc)]}) from None
    if not result.complete and not stopped_early:
        numbers = ", ".join(str(definition.item(item_id).number) for item_id in result.missing)
        message = _("Answer every question; missing: %(items)s.") % {"items": numbers}
        raise RecordInvalid({"answers": [message]})
    if all(item_score is None for item_score in result.item_scores):
        raise RecordInvalid({"answers": [_("Answer at least one question to keep a stopped screen.")]})

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
                source=source,
                client_id=client_id,
                created_by=by,
                subject=subject_of(subject),
            )
        )
        if not created:
            return row
        audit_create(
            by=by,
            record=row,
            family=family,
            detail={
                "definition": definition.key,
                "subject": str(subject.uuid),
                "flags": list(result.flags),
                **({"stopped_early": True} if not result.complete else {}),
            },
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
            alert_raised(alert)
        if result.positive:
            task_open(
                family=family,
                kind=POSITIVE_SCREEN,
                text=_follow_up_text(row, name_in_sentence(definition)),
                due_on=administered_on + timedelta(days=FOLLOW_UP_DAYS),
                by=by,
                source=row,
                subject=row.subject,
            )
        _close_what_this_follows(row, by=by)
        _close_rescreens(row, by=by)
    return row


def _follow_up_text(row: ScreeningResult, title: str) -> str:
    follow_on = follow_on_of(row)
    if follow_on is None:
        return _("Follow up the positive %(instrument)s: discuss it and consider a referral.") % {
            "instrument": title
        }
    return _("Give the %(next)s about the items at risk (%(items)s).") % {
        "next": name_in_sentence(default_library().get(follow_on)),
        "items": ", ".join(str(n) for n in at_risk_numbers(row)),
    }


def _close_what_this_follows(row: ScreeningResult, *, by: User) -> None:
    """A follow-on screen (the M-CHAT-R Follow-Up) closes the open task of the screen that asked for it."""
    if not is_follow_on(row.instrument):
        return
    earlier = (
        ScreeningResult.objects.filter(family_id=row.family_id, subject_id=row.subject_id)
        .exclude(pk=row.pk)
        .order_by("-administered_on", "-created_at", "-pk")
    )
    source = source_for(row.instrument, list(earlier[:20]), row.administered_on)
    if source is None:
        return
    note = _("%(instrument)s given on %(on)s: %(band)s.") % {
        "instrument": name_in_sentence(default_library().get(row.definition)),
        **_when_and_band(row),
    }
    tasks_close_open(source.tasks.all(), by=by, outcome=TaskOutcome.FOLLOW_ON_GIVEN, note=note)


def _when_and_band(row: ScreeningResult) -> dict[str, str]:
    """The date a screen was given and its band, in words, for the note that closes a task by itself."""
    band = band_label(default_library().get(row.definition), row.band) if row.band else "—"
    return {"on": date_format(row.administered_on, "j M Y"), "band": band}


def screening_result_mark_entered_in_error(
    *, result: ScreeningResult, by: User, reason: str, version: int
) -> ScreeningResult:
    """Mark a screen recorded by mistake. It stays in the history, marked, and stops counting: no longer
    done for the schedule, on the charts, or asking for a follow-on; its open follow-up tasks close.

    Refused (RecordInvalid) without a reason, when already marked, when changed since `version` was read,
    and while one of its safety alerts is open: an answer about self-harm may still be true of someone.
    """
    reason = reason.strip()
    if not reason:
        raise RecordInvalid({"reason": [_("Say what went wrong, for whoever reads this record later.")]})
    if SafetyAlert.objects.open().filter(result=result).exists():
        raise RecordInvalid(
            {"": [_("Record the response to this screen's safety alert first; then mark the screen.")]}
        )
    with transaction.atomic():
        current = record_close_once(
            result,
            by=by,
            version=version,
            closed_when="entered_in_error_at",
            values={
                "entered_in_error_at": timezone.now(),
                "entered_in_error_by": by,
                "entered_in_error_reason": reason,
            },
            refusal=lambda _row: _("This screen is already marked as entered in error."),
            family=result.family,
            detail={"entered_in_error": reason, "definition": result.definition},
        )
        tasks_close_open(current.tasks.all(), by=by, outcome=TaskOutcome.ENTERED_IN_ERROR, note=reason)
    return current


def _require_outcome(kind: str, note: str, choices: type[TextChoices], *, missing: str) -> None:
    """Refuse a close without a known outcome, or "other" without a note (the form's `kind` and `note`)."""
    if kind not in choices.values:
        raise RecordInvalid({"kind": [missing]})
    if kind == "other" and not note:
        raise RecordInvalid({"note": [_("Say what was done.")]})


def follow_up_task_complete(
    *,
    task: Task,
    by: User,
    kind: str,
    note: str = "",
    version: int,
    rescreen_on: date | None = None,
) -> Task:
    """Close a follow-up task with what was done (`kind`, a TaskOutcome), through the task list's one
    close. "Screen again soon" on a screen's task opens a task to give that screen again, due
    `rescreen_on` (two weeks when not given); giving it closes that task by itself."""
    # how far ahead a rescreen may be planned depends on what the screen found (a safety answer: soon)
    result = task.source
    safety = isinstance(result, ScreeningResult) and bool(result.flags)
    errors = rescreen_errors("rescreen_on", rescreen_on, safety=safety)
    if errors:
        raise RecordInvalid(errors)
    return task_close(
        task=task, by=by, outcome=kind, note=note, version=version, extra={"rescreen_on": rescreen_on}
    )


def _close_rescreens(row: ScreeningResult, *, by: User) -> None:
    """Giving a screen again closes the open "screen again" tasks for it."""
    if not row.counts:
        return
    rescreens = Task.objects.filter(
        kind=RESCREEN, result__instrument=row.instrument, result__subject_id=row.subject_id
    )
    note = _("Given again on %(on)s: %(band)s.") % _when_and_band(row)
    tasks_close_open(rescreens, by=by, outcome=TaskOutcome.FOLLOW_ON_GIVEN, note=note)


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
