"""What a result means, in the reader's language. Band labels come from the definition (data); the
actions a band names are ids, said here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from nestling.audit.categories import SensitiveCategory
from nestling.screening.models import ScreeningResult
from nestling.screening.scoring import Definition, UnknownInstrument, default_library
from nestling.screening.sensitivity import instrument_category


def grant_needed_to_give(definition: Definition) -> str:
    """Why a practitioner without a grant for the instrument's category may not give it ("" for an
    instrument in none)."""
    category_id = instrument_category(definition.id)
    if not category_id:
        return ""
    category = SensitiveCategory(category_id)
    return _(
        "Giving the %(instrument)s needs a grant for %(category)s information, because its results are: "
        "ask your privacy officer."
    ) % {"instrument": short_name(definition), "category": category.label.lower()}


def band_label(definition: Definition, band_id: str) -> str:
    bands = definition.bands
    for band in (*bands.ranges, bands.positive, bands.negative):
        if band is not None and band.id == band_id:
            return _(band.label)  # the data's English label; a catalogue may translate it
    return band_id


def _action(definition: Definition, band_id: str) -> str | None:
    bands = definition.bands
    for band in (*bands.ranges, bands.positive, bands.negative):
        if band is not None and band.id == band_id:
            return band.action
    return None


def result_meaning(definition: Definition, result: ScreeningResult) -> str:
    """One or two sentences: what the band asks for, and the safety item when it fired."""
    if result.is_entered_in_error:
        return _("Entered in error: this screen does not count. Give it again if it is still due.")
    if not result.is_complete:
        stopped = _(
            "Not scored: stopped before the end. The screen is still due; give it again when you can."
        )
        if result.flags:
            stopped += " " + _("A safety item was answered above 0: assess the person's safety today.")
        return stopped
    action = _action(definition, result.band)
    said = {
        "follow_up": _("Follow up: talk the result over with the caregiver and consider a referral."),
        "assess": _("Assess further: this score suggests the person should be assessed by a clinician."),
        "refer": _("Refer for a full evaluation."),
    }.get(action or "")
    if said is None:
        said = (
            _("The screen is positive: follow up and consider a referral.")
            if result.positive
            else _("Below the cut-off: no follow-up is asked for by this screen.")
        )
    if result.flags:
        said += " " + _(
            "A safety item was answered above 0: assess the person's safety today, whatever the total."
        )
    return said


# Names that fit a badge. Most titles end with their abbreviation in brackets; these do not, or their
# bracket is not the name people use.
_SHORT_NAMES = {
    "aces": "ACEs",
    "hits": "HITS",
    "whooley": "Whooley",
    "hunger-vital-sign": "Hunger Vital Sign",
}


# The definitions are written in English: their titles are the instruments' published English names, and
# a shipped wording is the English original.
DEFINITION_LANGUAGE = "en"


def other_language(language: str | None) -> str:
    """`language` when it is not the page's own, for a `lang` attribute (WCAG 3.1.2); "" when it is the
    page's language or unknown."""
    if not language:
        return ""
    page = (get_language() or DEFINITION_LANGUAGE).lower()
    return "" if language.lower().split("-")[0] == page.split("-")[0] else language


def name_in_sentence(definition: Definition) -> str:
    """The instrument as a sentence of the page names it: its title on an English page; elsewhere its
    short name, since an English title inside another language's sentence cannot be marked as English
    where the sentence is an attribute or a chart's accessible name."""
    return short_name(definition) if other_language(DEFINITION_LANGUAGE) else definition.title


def short_name(definition: Definition) -> str:
    """The name a badge or a narrow column uses: "PHQ-9", "EPDS", "BPSC"."""
    if definition.id in _SHORT_NAMES:
        return _SHORT_NAMES[definition.id]
    title = definition.title
    if title.endswith(")") and "(" in title:
        return title[title.rindex("(") + 1 : -1]
    return title


# What a program schedule's values are called, on its form and in its lines.
WHO_LABELS = {
    "caregiver": gettext_lazy("Every caregiver"),
    "birth_mother": gettext_lazy("Birth mother"),
    "child": gettext_lazy("Child"),
}
ANCHOR_LABELS = {
    "enrollment": gettext_lazy("enrollment"),
    "delivery": gettext_lazy("delivery"),
    "birth": gettext_lazy("birth"),
}
UNIT_LABELS = {"days": gettext_lazy("days"), "weeks": gettext_lazy("weeks"), "months": gettext_lazy("months")}
AGE_BASIS_LABELS = {
    "chronological": gettext_lazy("chronological"),
    "corrected": gettext_lazy("corrected"),
}


def schedule_line(row: Mapping[str, Any]) -> str:
    """One line of a program's schedule in words: "PHQ-9 for every caregiver, 0 days after enrollment
    (from 0 days before to 30 days after)"."""
    try:
        name = short_name(default_library().get(str(row["instrument"])))
    except UnknownInstrument:
        name = str(row["instrument"])
    line = _(
        "%(screen)s for %(who)s, %(offset)s %(unit)s after %(anchor)s (from %(before)s days before to "
        "%(after)s days after)"
    ) % {
        "screen": name,
        "who": str(WHO_LABELS.get(row["who"], row["who"])).lower(),
        "offset": row["offset"],
        "unit": UNIT_LABELS.get(row["unit"], row["unit"]),
        "anchor": ANCHOR_LABELS.get(row["anchor"], row["anchor"]),
        "before": row["window_before_days"],
        "after": row["window_after_days"],
    }
    if row.get("age_basis") == "corrected":
        line += ", " + str(AGE_BASIS_LABELS["corrected"])
    return line


def schedule_lines(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    return [schedule_line(row) for row in rows]


def wait_in_words(minutes: int) -> str:
    """How long something waited, as a person says it: "under a minute", "25 minutes", "3 hours 10
    minutes", "2 days"."""
    if minutes < 1:
        return _("under a minute")
    if minutes < 120:
        return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    if minutes < 48 * 60:
        hours, rest = divmod(minutes, 60)
        said = ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
        if rest:
            said += " " + ngettext("%(n)s minute", "%(n)s minutes", rest) % {"n": rest}
        return said
    days = round(minutes / (24 * 60))
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
