"""What growth adds to the History page: each measurement, and each correction. Registered when the app
is ready."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.accounts.models import User
from nestling.families.contributions import TimelineEntry, contribute_to_timeline
from nestling.families.models import Family
from nestling.growth.models import Measurement


def growth_history(*, actor: User, family: Family) -> list[TimelineEntry]:
    """Every measurement of the family's children, corrections said as such (one query)."""
    entries: list[TimelineEntry] = []
    for row in Measurement.objects.filter(child__family=family).select_related("child"):
        value = f"{number_format(row.value.normalize())} {row.unit}"
        what = {"what": row.get_kind_display(), "value": value, "name": row.child.full_name or _("Baby")}
        text = (
            _("%(what)s of %(name)s corrected to %(value)s") % what
            if row.supersedes_id is not None
            else _("%(what)s of %(name)s: %(value)s") % what
        )
        entries.append(TimelineEntry(row.measured_on, "growth", text, frozenset({str(row.child.uuid)})))
    return entries


def register() -> None:
    contribute_to_timeline(growth_history, {"growth": gettext_lazy("Growth")})
