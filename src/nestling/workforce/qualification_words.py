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
    # Each combination is its own sentence, so a translation orders and joins its clauses as its
    # language does.
    last = {"last": _day(q.last_rsc_on), "days": q.window_days}
    rsc = "none" if q.last_rsc_on is None else ("old" if not q.rsc_recent else "ok")
    if not q.has_training:
        if rsc == "none":
            return _(
                "Not qualified: no specialized infant mental health training is recorded as completed; no "
                "reflective supervision/consultation (RS/C) received is recorded."
            )
        if rsc == "old":
            return (
                _(
                    "Not qualified: no specialized infant mental health training is recorded as completed; "
                    "the last RS/C received was on %(last)s, more than %(days)d days ago."
                )
                % last
            )
        return _("Not qualified: no specialized infant mental health training is recorded as completed.")
    if rsc == "none":
        return _("Not qualified: no reflective supervision/consultation (RS/C) received is recorded.")
    if rsc == "old":
        return _("Not qualified: the last RS/C received was on %(last)s, more than %(days)d days ago.") % last
    return _("Not qualified.")


def qualification_restore(q: Qualification) -> str:
    """What would give (or keep) the qualification: the same steps for a person never qualified and for one
    whose qualification lapsed."""
    if q.qualified and q.rsc_current_until and not q.by_override:
        return _("It stays while RS/C is received again by %(until)s.") % {"until": _day(q.rsc_current_until)}
    hold = _("Until then, a program manager can hold it for a set time from the person's staff page.")
    if not q.has_training and not q.rsc_recent:
        steps = _(
            "To be qualified: record a completed specialized infant mental health training, and receive an "
            "RS/C session (logged by the supervisor who leads it)."
        )
    elif not q.has_training:
        steps = _("To be qualified: record a completed specialized infant mental health training.")
    elif not q.rsc_recent:
        steps = _("To be qualified: receive an RS/C session (logged by the supervisor who leads it).")
    else:
        return ""
    return f"{steps} {hold}"
