"""What the measures' codes say to a reader: the exclusions' reasons and the drill-down's parts."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.reports.measures.engine import Evaluation

EXCLUSION_LABELS = {
    "window_open": gettext_lazy("Window still open: counted once it closes"),
    "discharged_in_window": gettext_lazy("Left care before the window closed, not screened"),
    "gestation_not_recorded": gettext_lazy("Birth recorded without its gestation"),
    "enrolled_at_term": gettext_lazy("Enrolled at 37 weeks of pregnancy or later"),
    "in_care_under_min_days": gettext_lazy("In care for less than 60 days"),
    "rescheduled": gettext_lazy("Rescheduled: counted on its new date"),
    "not_yet_due": gettext_lazy("Planned for a day still to come"),
}

PART_LABELS = {
    "met": gettext_lazy("Met the measure"),
    "not_met": gettext_lazy("Did not meet the measure"),
    "denominator": gettext_lazy("Counted in the measure"),
    **EXCLUSION_LABELS,
}

NOT_RECORDED = gettext_lazy("Not recorded yet")

# What a measure's figure is, by its statistic.
FIGURE_LABELS = {
    "rate": gettext_lazy("Rate"),
    "median": gettext_lazy("Median (days)"),
    "mean": gettext_lazy("Average (hours)"),
}


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def figure_text(evaluation: Evaluation) -> str:
    """A measure's figure for a period as a reader takes it: a rate in percent, a median in days, a mean
    in hours; "—" when nobody is counted."""
    statistic = evaluation.measure.statistic
    if statistic == "rate":
        return "—" if evaluation.rate is None else f"{evaluation.rate * 100:.0f}%"
    value = evaluation.value
    if value is None:
        return "—"
    if statistic == "median":
        return _("%(days)s days (median)") % {"days": _number(value)}
    return _("%(hours)s hours (average)") % {"hours": _number(value)}
