"""What the measures' codes say to a reader: the exclusions' reasons and the drill-down's parts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EXCLUSION_LABELS = {
    "window_open": _("Window still open: counted once it closes"),
    "discharged_in_window": _("Left care before the window closed, not screened"),
    "gestation_not_recorded": _("Birth recorded without its gestation"),
    "enrolled_at_term": _("Enrolled at 37 weeks of pregnancy or later"),
    "in_care_under_min_days": _("In care for less than 60 days"),
    "rescheduled": _("Rescheduled: counted on its new date"),
    "not_yet_due": _("Planned for a day still to come"),
}

PART_LABELS = {
    "met": _("Met the measure"),
    "not_met": _("Did not meet the measure"),
    "denominator": _("Counted in the measure"),
    **EXCLUSION_LABELS,
}

NOT_RECORDED = _("Not recorded yet")
