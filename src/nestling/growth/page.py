"""What a child's growth page shows: the history table, a chart per measurement, and faltering findings.

Reads only; calc and chart are imported inside the functions because rcpchgrowth is slow to import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from nestling.families.age import TERM_DAYS, Gestation, age_parts
from nestling.families.age_words import age_words
from nestling.families.models import Child
from nestling.growth.models import MeasurementKind
from nestling.growth.plot import Plot, build_plot, chart_span
from nestling.growth.selectors import (
    Finding,
    MeasurementRow,
    WeightForLengthRow,
    calc_child,
    faltering,
    latest_measurements,
    measurement_rows,
    weight_for_length_rows,
)
from nestling.growth.words import REFERENCE_NAMES

CHART_METHODS = {
    "weight": (MeasurementKind.WEIGHT,),
    "height": (MeasurementKind.LENGTH, MeasurementKind.HEIGHT),
    "head_circumference": (MeasurementKind.HEAD_CIRCUMFERENCE,),
}


@dataclass(frozen=True)
class TableRow:
    row: MeasurementRow
    age: str
    corrected_age: str  # empty when the reference was read at chronological age


@dataclass(frozen=True)
class Chart:
    method: str
    title: str
    description: str
    unit: str
    plot: Plot
    x_label: str


@dataclass(frozen=True)
class GrowthPage:
    reference: str
    reference_name: str
    rows: list[TableRow]
    charts: list[Chart]
    findings: list[Finding]
    has_weights: bool
    can_assess: bool
    any_corrected: bool
    # when the reference cannot be used (sex not female or male): what cannot be computed, in words
    not_computed: list[str]
    weight_for_length: list[WeightForLengthRow]  # newest first


def growth_page(*, child: Child, reference: str) -> GrowthPage:
    measurements = latest_measurements(child=child)
    rows = measurement_rows(child=child, measurements=measurements, reference=reference)
    table = [TableRow(row=row, age=_age(child, row), corrected_age=_corrected_age(row)) for row in rows]
    subject = calc_child(child)
    charts = _charts(child, rows, reference) if subject is not None else []
    pairs = weight_for_length_rows(child=child, rows=rows)
    wfl_chart = _weight_for_length_chart(child, pairs)
    if wfl_chart is not None:
        charts.append(wfl_chart)
    return GrowthPage(
        reference=reference,
        reference_name=REFERENCE_NAMES.get(reference, reference),
        rows=list(reversed(table)),  # newest first
        charts=charts,
        findings=faltering(child=child, rows=rows, reference=reference),
        has_weights=any(r.measurement.kind == MeasurementKind.WEIGHT for r in rows),
        can_assess=subject is not None,
        any_corrected=any(r.corrected_age_days is not None for r in rows),
        not_computed=[] if subject is not None else _not_computed(),
        weight_for_length=list(reversed(pairs)),
    )


def _not_computed() -> list[str]:
    # The references are by sex; without it nothing is placed on one, rather than on a guessed one.
    return [
        _("z-scores and centiles"),
        _("the growth charts"),
        _("the faltering rules that use centiles (below the 2nd centile, a fall across centile spaces)"),
        _("weight-for-length/height (WHO), and so wasting"),
    ]


def _age(child: Child, row: MeasurementRow) -> str:
    assert child.date_of_birth is not None
    return age_words(age_parts(child.date_of_birth, row.measurement.measured_on))


def _corrected_age(row: MeasurementRow) -> str:
    if row.corrected_age_days is None:
        return ""
    if row.corrected_age_days < 0:
        pma = Gestation.from_days(TERM_DAYS + row.corrected_age_days)
        return _("%(g)s weeks postmenstrual") % {"g": pma}
    due = row.measurement.measured_on - timedelta(days=row.corrected_age_days)
    return age_words(age_parts(due, row.measurement.measured_on))


def _decimals(number: str) -> str:
    """A number written with a point, in the reader's decimals ("0.4" is "0,4" in Dutch)."""
    return number.replace(".", get_format("DECIMAL_SEPARATOR"))


def _charts(child: Child, rows: list[MeasurementRow], reference: str) -> list[Chart]:
    from nestling.growth.chart import centile_chart

    sex = child.sex
    titles = {
        "weight": _("Weight-for-age"),
        "height": _("Length/height-for-age"),
        "head_circumference": _("Head circumference-for-age"),
    }
    sex_words = _("girls") if sex == "female" else _("boys")
    charts = []
    for method, kinds in CHART_METHODS.items():
        placed = [r for r in rows if r.measurement.kind in kinds and r.z is not None]
        if method != "weight" and not placed:
            continue
        ages = [r.corrected_age_days if r.corrected_age_days is not None else r.age_days for r in placed]
        start, end = chart_span(ages)
        lines = centile_chart(reference, sex, method, start, end).lines
        plot = build_plot(
            lines=[(_decimals(f"{line.centile:g}"), list(line.points), line.z == 0) for line in lines],
            points=[
                (
                    age,
                    r.age_days,
                    r.corrected_age_days,
                    float(r.measurement.value),
                    r.centile,
                    date_format(r.measurement.measured_on, "j M Y"),
                )
                for age, r in zip(ages, placed, strict=True)
            ],
            start_days=start,
            end_days=end,
            decimal=get_format("DECIMAL_SEPARATOR"),
        )
        unit = "kg" if method == "weight" else "cm"
        title = _("%(chart)s, %(reference)s, %(sex)s") % {
            "chart": titles[method],
            "reference": REFERENCE_NAMES.get(reference, reference),
            "sex": sex_words,
        }
        description = _(
            "Centile lines %(first)s to %(last)s of the reference, with %(n)s measurements of this child "
            "plotted at corrected age where it applies. The measurement table lists every value."
        ) % {
            "first": _decimals(f"{lines[0].centile:g}"),
            "last": _decimals(f"{lines[-1].centile:g}"),
            "n": len(plot.points),
        }
        charts.append(
            Chart(
                method=method,
                title=title,
                description=description,
                unit=unit,
                plot=plot,
                x_label=_("Age in months (points at corrected age where it applies)"),
            )
        )
    return charts


WFL_SPAN_CM = 20.0  # a chart's length range: fixed steps, so the cached lines are shared


def _weight_for_length_chart(child: Child, pairs: list[WeightForLengthRow]) -> Chart | None:
    """WHO weight-for-length (or -height, by the latest pair's table), with the pairs on that table."""
    from nestling.growth.chart import weight_for_length_chart

    placed = [p for p in pairs if p.z is not None and p.against_cm is not None]
    if not placed:
        return None
    against = placed[-1].against
    placed = [p for p in placed if p.against == against]
    lengths = [p.against_cm for p in placed if p.against_cm is not None]
    start = 5 * int(min(lengths) // 5) - 5
    end = start + WFL_SPAN_CM * max(1, -(-(max(lengths) + 5 - start) // WFL_SPAN_CM))
    lines = weight_for_length_chart(child.sex, against, float(start), float(end)).lines
    plot = build_plot(
        lines=[(_decimals(f"{line.centile:g}"), list(line.points), line.z == 0) for line in lines],
        points=[
            (
                p.against_cm,
                p.weight.age_days,
                p.weight.corrected_age_days,
                float(p.weight.measurement.value),
                p.centile,
                date_format(p.weight.measurement.measured_on, "j M Y"),
            )
            for p in placed
            if p.against_cm is not None
        ],
        start_days=float(start),
        end_days=float(end),
        x_step=5.0,
        decimal=get_format("DECIMAL_SEPARATOR"),
    )
    title = (
        _("Weight-for-length, WHO, %(sex)s") if against == "length" else _("Weight-for-height, WHO, %(sex)s")
    ) % {"sex": _("girls") if child.sex == "female" else _("boys")}
    description = _(
        "WHO centile lines of weight for %(against)s, with %(n)s days on which this child's weight and "
        "%(against)s were both measured. The weight-for-length table lists every value."
    ) % {"against": _("length") if against == "length" else _("height"), "n": len(plot.points)}
    return Chart(
        method="weight_for_length",
        title=title,
        description=description,
        unit="kg",
        plot=plot,
        x_label=_("Length in cm (lying)") if against == "length" else _("Height in cm (standing)"),
    )
