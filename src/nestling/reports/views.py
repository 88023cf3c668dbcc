"""The report pages: the dashboard, the families behind a number, the funder's table and its files, and
data quality. Each view reads its choices, asks a selector, and shows what it is given."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.denials import AccessDenied
from nestling.access.policy import granted_categories
from nestling.accounts.http import AuthedRequest, require_GET_or_POST, require_safe
from nestling.organizations.models import Program
from nestling.records.errors import RecordInvalid
from nestling.reports.deidentified import export_for_download, export_request, export_status, exports_for
from nestling.reports.forms import ExportForm, PeriodForm
from nestling.reports.funder_table import funder_csv, funder_pdf, funder_rows, funder_xlsx
from nestling.reports.measures.engine import NO_FAMILIES
from nestling.reports.measures.periods import Period
from nestling.reports.quality import data_quality_rows
from nestling.reports.scope import PROGRAM, SCOPE_LABELS, Scope, programs_for, report_scope, scopes_for
from nestling.reports.selectors import PARTS, measure_families, measure_table
from nestling.reports.trend_plot import trend_plot
from nestling.reports.words import EXCLUSION_LABELS, FIGURE_LABELS, PART_LABELS, figure_text


@dataclass(frozen=True)
class Choices:
    scope: Scope
    period: Period
    form: PeriodForm
    programs: list[Program]
    scopes: list[tuple[str, str]]

    def query(self, **extra: str) -> str:
        """The choices as a query string, for links that keep them."""
        values = {
            "scope": self.scope.kind,
            "program": str(self.scope.program.uuid),
            "period": self.period.kind,
            "value": self.period.key if self.period.kind != "custom" else "",
            "start": self.period.start.isoformat() if self.period.kind == "custom" else "",
            "end": self.period.end.isoformat() if self.period.kind == "custom" else "",
            **extra,
        }
        return urlencode({k: v for k, v in values.items() if v})


def _refused(request: AuthedRequest) -> AccessDenied:
    return AccessDenied(
        actor=request.user,
        action="report.view",
        category="report",
        organization_id=request.user.organization_id,
    )


def _choices(request: AuthedRequest, *, only: str | None = None) -> Choices:
    kinds = scopes_for(request.user)
    if only is not None:
        kinds = [kind for kind in kinds if kind == only]
    if not kinds:
        raise _refused(request)
    kind = request.GET.get("scope") or kinds[0]
    if kind not in kinds:
        raise _refused(request)
    programs = list(programs_for(request.user, kind=kind))
    wanted = request.GET.get("program")
    program = programs[0] if programs else None
    if wanted:
        try:
            program = next((p for p in programs if p.uuid == UUID(wanted)), None)
        except ValueError:
            program = None
    if program is None:
        raise _refused(request)
    scope = report_scope(request.user, kind=kind, program=program)
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    form.is_valid()
    return Choices(scope, form.chosen, form, programs, [(k, str(SCOPE_LABELS[k])) for k in kinds])


@require_safe
@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    choices = _choices(request)
    rows = measure_table(choices.scope, choices.period, with_trend=True)
    cards = []
    for row in rows:
        if not row.measure.recorded:
            continue
        rated = row.measure.statistic != "median"  # a median has no share met to chart
        months = [(f"{e.period.start:%b %Y}", e.rate) for e in row.trend]
        cards.append(
            {
                "row": row,
                "rate": figure_text(row.current),
                "previous_rate": figure_text(row.previous),
                "rated": rated,
                "figure_label": FIGURE_LABELS[row.measure.statistic],
                "drillable": row.measure.population not in NO_FAMILIES,
                "plot": trend_plot(months) if rated else None,
                "months": [(e, figure_text(e)) for e in row.trend],
                "excluded": [(EXCLUSION_LABELS[c], n, c) for c, n in row.current.exclusion_counts().items()],
            }
        )
    return render(
        request,
        "reports/dashboard.html",
        {
            "choices": choices,
            "cards": cards,
            "drafts": [row.measure for row in rows if not row.measure.recorded],
            "query": choices.query(),
        },
    )


@require_safe
@login_required
def measure_drilldown(request: AuthedRequest, measure_key: str) -> HttpResponse:
    choices = _choices(request)
    part = request.GET.get("part", "not_met")
    if part not in PARTS:
        raise _refused(request)
    drill = measure_families(choices.scope, measure_key=measure_key, period=choices.period, part=part)
    return render(
        request,
        "reports/drilldown.html",
        {
            "choices": choices,
            "drill": drill,
            "part_label": PART_LABELS[part],
            "query": choices.query(),
        },
    )


@require_safe
@login_required
def funder_table(request: AuthedRequest) -> HttpResponse:
    choices = _choices(request, only=PROGRAM)
    rows = measure_table(choices.scope, choices.period, with_previous=False)
    return render(
        request,
        "reports/funder_table.html",
        {"choices": choices, "table": funder_rows(rows), "query": choices.query()},
    )


FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}


@require_safe
@login_required
def funder_download(request: AuthedRequest) -> HttpResponse:
    choices = _choices(request, only=PROGRAM)
    kind = request.GET.get("format", "csv")
    if kind not in FORMATS:
        raise _refused(request)
    rows = measure_table(choices.scope, choices.period, with_previous=False)
    if kind == "csv":
        data = funder_csv(choices.scope, choices.period, rows)
    elif kind == "xlsx":
        data = funder_xlsx(choices.scope, choices.period, rows)
    else:
        data = funder_pdf(choices.scope, choices.period, rows, made_by=request.user.display_name)
    content_type, extension = FORMATS[kind]
    response = HttpResponse(data, content_type=content_type)
    name = f"measures-{choices.period.key.replace('..', '-to-')}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
def data_quality(request: AuthedRequest) -> HttpResponse:
    choices = _choices(request)
    report = data_quality_rows(choices.scope)
    return render(
        request,
        "reports/data_quality.html",
        {"choices": choices, "report": report, "query": choices.query(), "title": _("Data quality")},
    )


@require_GET_or_POST
@login_required
def exports(request: AuthedRequest) -> HttpResponse:
    choices = _choices(request, only=PROGRAM)
    granted = granted_categories(request.user)
    form = ExportForm(
        request.POST if request.method == "POST" else None,
        granted=granted,
        initial={"period_start": choices.period.start, "period_end": choices.period.end, "dates": "month"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            export = export_request(
                actor=request.user,
                program=choices.scope.program,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                dates=form.cleaned_data["dates"],
                include_categories=frozenset(form.cleaned_data["categories"]),
            )
        except RecordInvalid as invalid:
            for field, messages in invalid.errors.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return redirect("reports_export", export.uuid)
    return render(
        request,
        "reports/exports.html",
        {"choices": choices, "form": form, "exports": exports_for(request.user), "query": choices.query()},
    )


@require_safe
@login_required
def export_detail(request: AuthedRequest, export_uuid: UUID) -> HttpResponse:
    export = export_status(request.user, export_uuid)
    return render(request, "reports/export_detail.html", {"export": export, "now": timezone.now()})


@require_safe
@login_required
def export_download(request: AuthedRequest, export_uuid: UUID) -> HttpResponse:
    export = export_for_download(request.user, export_uuid)
    response = HttpResponse(bytes(export.content or b""), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="deidentified-{export.period_start:%Y%m%d}.zip"'
    return response
