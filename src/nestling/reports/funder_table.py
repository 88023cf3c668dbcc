"""The funder's table: for a program and a reporting period, every measure with its numerator,
denominator, rate and what was left out and why, in the layout a funder's spreadsheet takes (one row per
measure, benchmark area first), as CSV, XLSX and a PDF summary. Each file names the definition version
behind every row; each export is audited with its row count."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.utils.translation import gettext
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.documents.pdf import render_pdf
from nestling.reports.measures.periods import Period
from nestling.reports.scope import Scope
from nestling.reports.selectors import MeasureRow
from nestling.reports.words import EXCLUSION_LABELS, NOT_RECORDED, figure_text


def _headers() -> list[str]:
    return [
        _("Benchmark area"),
        _("Measure"),
        _("Source"),
        _("Definition version"),
        _("Denominator"),
        _("Numerator"),
        _("Rate (%)"),
        _("Median or average"),
        _("Excluded"),
        _("Excluded because"),
        _("Who is counted"),
        _("Who meets it"),
        _("Status"),
    ]


def funder_rows(rows: Sequence[MeasureRow]) -> list[list[object]]:
    """The table's rows, as plain values: a measure not recorded yet has no numbers, only its status."""
    table: list[list[object]] = []
    for row in rows:
        current, measure = row.current, row.measure
        excluded = current.exclusion_counts()
        reasons = "; ".join(f"{EXCLUSION_LABELS[code]}: {count}" for code, count in excluded.items())
        rate = "" if current.rate is None else round(current.rate * 100, 1)
        value = "" if current.value is None else figure_text(current)
        # A median's numerator is every unit counted: only its figure says something.
        numerator = (
            ""
            if current.numerator_count is None or measure.statistic == "median"
            else current.numerator_count
        )
        table.append(
            [
                gettext(measure.benchmark),
                gettext(measure.title),
                measure.source,
                measure.ref,
                "" if current.denominator_count is None else current.denominator_count,
                numerator,
                rate,
                value,
                sum(excluded.values()) if measure.recorded else "",
                reasons,
                gettext(measure.denominator_text),
                gettext(measure.numerator_text),
                _("Reported") if measure.recorded else f"{NOT_RECORDED}: {gettext(measure.needs)}",
            ]
        )
    return table


def _audit(scope: Scope, period: Period, kind: str, count: int, refs: list[str]) -> None:
    audit_record(
        actor=scope.actor,
        action=AuditAction.EXPORT,
        category="report",
        organization_id=scope.actor.organization_id,
        subject_type="funder_table",
        subject_id=str(scope.program.uuid),
        detail={"format": kind, "period": period.key, "rows": count, "measures": refs},
    )


def funder_csv(scope: Scope, period: Period, rows: Sequence[MeasureRow]) -> bytes:
    table = funder_rows(rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Program"),
            scope.program.name,
            _("Reporting period"),
            period.start.isoformat(),
            period.end.isoformat(),
        ]
    )
    writer.writerow(_headers())
    writer.writerows(table)
    _audit(scope, period, "csv", len(table), [r.measure.ref for r in rows])
    return out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read it as UTF-8


def funder_xlsx(scope: Scope, period: Period, rows: Sequence[MeasureRow]) -> bytes:
    table = funder_rows(rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Measures")[:31]
    sheet.append([_("Program"), scope.program.name])
    sheet.append([_("Reporting period"), period.start, period.end])
    sheet.append([])
    sheet.append(_headers())
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for line in table:
        sheet.append(line)
    widths = (28, 36, 20, 26, 12, 12, 10, 18, 10, 50, 50, 50, 30)
    for column, width in zip("ABCDEFGHIJKLM", widths, strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    book.save(out)
    _audit(scope, period, "xlsx", len(table), [r.measure.ref for r in rows])
    return out.getvalue()


def funder_pdf(scope: Scope, period: Period, rows: Sequence[MeasureRow], *, made_by: str) -> bytes:
    data = render_pdf(
        "reports/funder_table_pdf.html",
        {"program": scope.program, "period": period, "rows": rows, "exclusion_labels": EXCLUSION_LABELS},
        title=_("Program measures: %(program)s") % {"program": scope.program.name},
        made_by=made_by,
    )
    _audit(scope, period, "pdf", len(rows), [r.measure.ref for r in rows])
    return data
