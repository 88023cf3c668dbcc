"""What a computed qualification says to a person: why it is held or not, and what would restore it."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.workforce.qualification import Qualification


def _day(value: date | None) -> str:
    return date_format(value, "j M Y") if value else ""


def qualification_why(q: Qualification) -> str:
    """One sentence: why the person is, or is not, qualified for relationship-based therapy today."""
    if q.qualified and q.by_override:
        return _("A program manager's decision holds it until %(until)s.") % {"until": _day(q.override_until)}
    if q.qualified:
        return _(
            "Specialized infant mental health training is completed, and RS/C was last received on %(last)s."
        ) % {"last": _day(q.last_rsc_on)}
    missing = []
    if not q.has_training:
        missing.append(_("no specialized infant mental health training is recorded as completed"))
    if q.last_rsc_on is None:
        missing.append(_("no reflective supervision/consultation (RS/C) received is recorded"))
    elif not q.rsc_recent:
        missing.append(
            _("the last RS/C received was on %(last)s, more than %(days)d days ago")
            % {"last": _day(q.last_rsc_on), "days": q.window_days}
        )
    return _("Not qualified: %(missing)s.") % {"missing": _("; ").join(missing)}


def qualification_restore(q: Qualification) -> str:
    """What would give (or keep) the qualification."""
    if q.qualified and q.rsc_current_until and not q.by_override:
        return _("It stays while RS/C is received again by %(until)s.") % {"until": _day(q.rsc_current_until)}
    steps = []
    if not q.has_training:
        steps.append(_("record a completed specialized infant mental health training"))
    if not q.rsc_recent:
        steps.append(_("receive an RS/C session (logged by the supervisor who leads it)"))
    if not steps:
        return ""
    return _(
        "To restore it: %(steps)s. Until then, a program manager can hold it for a set time from the "
        "person's staff page."
    ) % {"steps": _(", and ").join(steps)}
