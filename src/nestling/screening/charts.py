"""The results charts a screening page shows: one per instrument banded on a total, for one person.

Reads nothing: the pages pass the results they already loaded. plot.py does the geometry; this adds the
words (translated band labels, the title and description a screen reader reads) and each point's result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nestling.families.models import Caregiver, Child, Relationship
from nestling.screening.models import ScreeningResult
from nestling.screening.plot import (
    YEARS_DRAWN,
    Plot,
    PlotBand,
    PlotPoint,
    Reading,
    build_plot,
    chartable,
    drawn_window,
)
from nestling.screening.scoring import Definition, UnknownInstrument, default_library
from nestling.screening.words import band_label, name_in_sentence

DATE = "j M Y"


@dataclass(frozen=True)
class ChartPoint:
    point: PlotPoint
    result: ScreeningResult
    band_label: str


@dataclass(frozen=True)
class ChartBand:
    band: PlotBand
    label: str


@dataclass(frozen=True)
class ResultsChart:
    key: str  # unique on the page, for element ids
    definition: Definition
    title: str
    description: str
    plot: Plot
    points: list[ChartPoint]  # oldest first
    bands: list[ChartBand]  # highest total first, as the legend reads down the chart
    latest: ChartPoint
    left_off: list[ScreeningResult] = field(default_factory=list)  # dated outside drawn_window()
    left_off_note: str = ""


def subject_name(subject: Caregiver | Child | Relationship) -> str:
    if isinstance(subject, Relationship):
        return f"{subject_name(subject.caregiver)} – {subject_name(subject.child)}"
    return subject.full_name or _("Baby")


def _definition(key: str) -> Definition | None:
    try:
        return default_library().get(key)
    except UnknownInstrument:
        return None


def results_charts(
    *,
    subject: Caregiver | Child | Relationship,
    results: Sequence[ScreeningResult],
    today: date | None = None,
) -> list[ResultsChart]:
    """A chart for each instrument among one person's results that is banded on a total, most recently
    given first. The newest result's definition version draws the bands; a total outside its range (an
    older version scored differently) is left off the chart, and the table still lists it. So is a result
    dated outside the chart's window (a mistyped year), which the chart names so that it can be checked."""
    first_day, last_day = drawn_window(today or timezone.localdate())
    by_instrument: dict[str, list[ScreeningResult]] = {}
    for result in sorted(results, key=lambda r: r.administered_on, reverse=True):
        if result.counts:
            by_instrument.setdefault(result.instrument, []).append(result)
    name = subject_name(subject)
    charts = []
    for instrument, newest_first in by_instrument.items():
        definition = _definition(newest_first[0].definition)
        if definition is None or not chartable(definition):
            continue
        low, high = definition.total_range()
        scored = [r for r in reversed(newest_first) if r.total is not None and low <= r.total <= high]
        placed = [r for r in scored if first_day <= r.administered_on <= last_day]
        if placed:
            left_off = [r for r in scored if r not in placed]
            charts.append(_chart(f"chart-{subject.uuid}-{instrument}", definition, name, placed, left_off))
    return charts


def all_charted(results: Sequence[ScreeningResult], charts: Sequence[ResultsChart]) -> bool:
    """Whether every result is a point on one of the charts (so the table can start folded)."""
    return len(results) == sum(len(chart.points) for chart in charts)


def _left_off_note(left_off: list[ScreeningResult]) -> str:
    if not left_off:
        return ""
    return ngettext(
        "Not on the chart: the result dated %(dates)s, more than %(years)s years ago or after today; "
        "check its date. The table lists it.",
        "Not on the chart: the results dated %(dates)s, more than %(years)s years ago or after today; "
        "check their dates. The table lists them.",
        len(left_off),
    ) % {"dates": ", ".join(date_format(r.administered_on, DATE) for r in left_off), "years": YEARS_DRAWN}


def _chart(
    key: str,
    definition: Definition,
    name: str,
    results: list[ScreeningResult],
    left_off: list[ScreeningResult],
) -> ResultsChart:
    plot = build_plot(definition, [Reading(on=r.administered_on, total=r.total or 0) for r in results])
    points = [
        ChartPoint(
            point=p,
            result=results[p.index],
            band_label=band_label(definition, results[p.index].band or p.band_id),
        )
        for p in plot.points
    ]
    bands = [ChartBand(band=b, label=band_label(definition, b.id)) for b in reversed(plot.bands)]
    latest = points[-1]
    instrument = name_in_sentence(definition)
    title = _("%(instrument)s: %(name)s") % {"instrument": instrument, "name": name}
    said = [
        ngettext(
            "%(n)s result of %(name)s on the %(instrument)s, on %(first)s.",
            "%(n)s results of %(name)s on the %(instrument)s, from %(first)s to %(last)s.",
            len(points),
        )
        % {
            "n": len(points),
            "name": name,
            "instrument": instrument,
            "first": date_format(points[0].result.administered_on, DATE),
            "last": date_format(latest.result.administered_on, DATE),
        },
        _("Latest total %(total)s on %(on)s: %(band)s.")
        % {
            "total": latest.point.total,
            "on": date_format(latest.result.administered_on, DATE),
            "band": latest.band_label,
        },
        _("Shaded bands, from the lowest: %(bands)s.")
        % {"bands": "; ".join(f"{b.band.range_text} {b.label}" for b in reversed(bands))},
    ]
    if plot.cutoff is not None:
        said.append(
            _("A dashed line marks the cut-off: %(n)s or more is positive.") % {"n": plot.cutoff.value}
        )
    note = _left_off_note(left_off)
    said.append(note or _("The table lists every result."))
    return ResultsChart(
        key=key,
        definition=definition,
        title=title,
        description=" ".join(said),
        plot=plot,
        points=points,
        bands=bands,
        latest=latest,
        left_off=left_off,
        left_off_note=note,
    )
