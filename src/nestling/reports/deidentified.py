"""The de-identified, row-level export for evaluation.

What leaves: one row per enrollment, birth, screen and visit of the program's families, under a
pseudonymous family id that is stable within one export and different in every other (an HMAC with a key
made for that export and never kept). Dates are shifted by the same few weeks for every row of a family,
or reduced to the month. No name, no date of birth as given, no address, no free text. Screens of a
sensitive category are left out unless the exporter holds the grant and asked for them. Counts by month
beside the rows suppress any cell below the small-cell threshold (settings.REPORTS_SMALL_CELL). Every
export is audited with its row counts; a large one is built by a background task, with progress, and its
file expires."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, granted_categories, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import Child, Enrollment, Family
from nestling.organizations.models import Program
from nestling.records.errors import RecordInvalid
from nestling.reports.models import DataExport, DateHandling, ExportStatus
from nestling.screening.models import ScreeningResult
from nestling.screening.sensitivity import INSTRUMENT_CATEGORIES
from nestling.visits.models import Visit

CHUNK = 2000  # families per step: progress is saved after each
SHIFT_DAYS = 30  # a family's dates move by up to this many days either way
COLUMNS = (
    "family",
    "kind",
    "when",
    "instrument",
    "total",
    "positive",
    "status",
    "service_level",
    "gestation_weeks",
)


def _small_cell() -> int:
    return int(settings.REPORTS_SMALL_CELL)


def _inline_families() -> int:
    return int(settings.REPORTS_EXPORT_INLINE_FAMILIES)


def _expiry() -> timedelta:
    return timedelta(hours=int(settings.REPORTS_EXPORT_HOURS))


def export_request(
    *,
    actor: User,
    program: Program,
    period_start: date,
    period_end: date,
    dates: str,
    include_categories: frozenset[str] = frozenset(),
) -> DataExport:
    """Ask for an export of a program's records in a period. A small one is made at once; a large one is
    queued for the background worker. A sensitive category is included only when asked for and granted."""
    require(actor, Action.PROGRAM_VIEW)
    if program.organization_id != actor.organization_id:
        raise AccessDenied(
            actor=actor, action="export.request", category="report", organization_id=actor.organization_id
        )
    errors: dict[str, list[str]] = {}
    if period_end < period_start:
        errors["period_end"] = ["The period ends on or after its start."]
    if dates not in DateHandling.values:
        errors["dates"] = ["Choose how dates are made safe."]
    refused = include_categories - granted_categories(actor)
    if refused or not include_categories <= set(INSTRUMENT_CATEGORIES.values()):
        errors["categories"] = ["Only categories you hold a grant for can be included."]
    if errors:
        raise RecordInvalid(errors)
    families = Family.objects.filter(organization_id=actor.organization_id, program=program).count()
    export = DataExport.objects.create(
        organization_id=actor.organization_id,
        program=program,
        requested_by=actor,
        period_start=period_start,
        period_end=period_end,
        dates=dates,
        categories=sorted(include_categories),
        total=families,
    )
    if families <= _inline_families():
        export_build(export)
    else:
        transaction.on_commit(lambda: export_build_task.enqueue(export.pk))
    return export


@task()
def export_build_task(export_id: int) -> None:
    """The background worker's step: build one queued export."""
    export = DataExport.objects.get(pk=export_id)
    if export.status == ExportStatus.QUEUED:
        export_build(export)


@dataclass
class _Pseudonyms:
    key: bytes

    def family(self, pk: int) -> str:
        return hmac.new(self.key, f"family:{pk}".encode(), hashlib.sha256).hexdigest()[:12]

    def shift(self, pk: int) -> timedelta:
        digest = hmac.new(self.key, f"shift:{pk}".encode(), hashlib.sha256).digest()
        return timedelta(days=int.from_bytes(digest[:2], "big") % (2 * SHIFT_DAYS + 1) - SHIFT_DAYS)


def export_build(export: DataExport) -> None:
    """Write the export's file, saving progress after every chunk of families."""
    export.status = ExportStatus.RUNNING
    export.save(update_fields=["status"])
    names = _Pseudonyms(secrets.token_bytes(32))  # never stored: the ids cannot be linked back
    hidden = {i for i, c in INSTRUMENT_CATEGORIES.items() if c not in set(export.categories)}
    family_ids = list(
        Family.objects.filter(organization_id=export.organization_id, program_id=export.program_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows: list[tuple[object, ...]] = []
    for start in range(0, len(family_ids), CHUNK):
        chunk = family_ids[start : start + CHUNK]
        rows.extend(_rows(export, chunk, names, hidden))
        export.progress = start + len(chunk)
        export.save(update_fields=["progress"])
    export.content = _zip(export, rows)
    export.rows = len(rows)
    export.status = ExportStatus.DONE
    export.finished_at = timezone.now()
    export.expires_at = export.finished_at + _expiry()
    export.progress = export.total = len(family_ids)
    export.save(update_fields=["content", "rows", "status", "finished_at", "expires_at", "progress", "total"])
    kinds = Counter(str(row[1]) for row in rows)
    audit_record(
        actor=export.requested_by,
        action=AuditAction.EXPORT,
        category="report",
        organization_id=export.organization_id,
        subject_type="deidentified_export",
        subject_id=str(export.uuid),
        detail={
            "rows": len(rows),
            "by_kind": dict(kinds),
            "families": len(family_ids),
            "categories": export.categories,
        },
    )


def _when(export: DataExport, names: _Pseudonyms, family_id: int, day: date) -> str:
    if export.dates == DateHandling.MONTH:
        return f"{day:%Y-%m}"
    return (day + names.shift(family_id)).isoformat()


def _rows(
    export: DataExport, chunk: list[int], names: _Pseudonyms, hidden: set[str]
) -> list[tuple[object, ...]]:
    first, last = export.period_start, export.period_end
    out: list[tuple[object, ...]] = []
    for family_id, on, level in (
        Enrollment.objects.filter(
            family_id__in=chunk, program_id=export.program_id, enrolled_on__range=(first, last)
        )
        .order_by()
        .values_list("family_id", "enrolled_on", "service_level")
    ):
        out.append(
            (
                names.family(family_id),
                "enrollment",
                _when(export, names, family_id, on),
                "",
                "",
                "",
                "",
                level,
                "",
            )
        )
    for family_id, born, weeks in (
        Child.objects.filter(family_id__in=chunk, date_of_birth__range=(first, last))
        .order_by()
        .values_list("family_id", "date_of_birth", "gestation_weeks")
    ):
        if born is None:
            continue
        out.append(
            (
                names.family(family_id),
                "birth",
                _when(export, names, family_id, born),
                "",
                "",
                "",
                "",
                "",
                weeks or "",
            )
        )
    screens = (
        ScreeningResult.objects.filter(
            family_id__in=chunk, administered_on__range=(first, last), entered_in_error_at__isnull=True
        )
        .exclude(instrument__in=sorted(hidden))
        .order_by()
        .values_list("family_id", "administered_on", "instrument", "total", "positive")
    )
    for family_id, on, instrument, total, positive in screens:
        out.append(
            (
                names.family(family_id),
                "screen",
                _when(export, names, family_id, on),
                instrument,
                total,
                positive,
                "",
                "",
                "",
            )
        )
    for family_id, on, status in (
        Visit.objects.filter(family_id__in=chunk, visit_on__range=(first, last))
        .order_by()
        .values_list("family_id", "visit_on", "status")
    ):
        out.append(
            (
                names.family(family_id),
                "visit",
                _when(export, names, family_id, on),
                "",
                "",
                "",
                status,
                "",
                "",
            )
        )
    return out


def _zip(export: DataExport, rows: list[tuple[object, ...]]) -> bytes:
    """rows.csv (one line per record) and counts.csv (by kind, month and instrument, small cells hidden)."""
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    counts: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        counts[(str(row[1]), str(row[2])[:7], str(row[3]))] += 1
    threshold = _small_cell()
    summary = io.StringIO()
    summary_writer = csv.writer(summary)
    summary_writer.writerow(("kind", "month", "instrument", "count"))
    for (kind, month, instrument), n in sorted(counts.items()):
        summary_writer.writerow((kind, month, instrument, n if n >= threshold else f"<{threshold}"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("rows.csv", table.getvalue())
        archive.writestr("counts.csv", summary.getvalue())
        archive.writestr(
            "README.txt",
            "De-identified export. Family ids are pseudonyms valid in this file only. "
            + (
                "Dates are shifted per family. "
                if export.dates == DateHandling.SHIFT
                else "Dates are months. "
            )
            + f"Counts under {threshold} are shown as <{threshold}.\n",
        )
    return out.getvalue()


def exports_for(actor: User) -> list[DataExport]:
    """The actor's own exports, newest first."""
    require(actor, Action.PROGRAM_VIEW)
    return list(DataExport.objects.filter(requested_by=actor).defer("content")[:20])


def export_for_download(actor: User, export_uuid: UUID) -> DataExport:
    """The actor's own finished, unexpired export; anything else is not found. Audited."""
    require(actor, Action.PROGRAM_VIEW)
    export = DataExport.objects.filter(requested_by=actor, uuid=export_uuid, status=ExportStatus.DONE).first()
    if export is None or export.expires_at is None or export.expires_at <= timezone.now():
        raise AccessDenied(
            actor=actor, action="export.download", category="report", organization_id=actor.organization_id
        )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        category="report",
        organization_id=actor.organization_id,
        subject_type="deidentified_export",
        subject_id=str(export.uuid),
        detail={"downloaded": True, "rows": export.rows},
    )
    return export


def export_status(actor: User, export_uuid: UUID) -> DataExport:
    require(actor, Action.PROGRAM_VIEW)
    export = DataExport.objects.filter(requested_by=actor, uuid=export_uuid).defer("content").first()
    if export is None:
        raise AccessDenied(
            actor=actor, action="export.view", category="report", organization_id=actor.organization_id
        )
    return export
