"""Template filters that say a stored result in words: the instrument's short name, the band's label."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from nestling.screening.models import ScreeningResult
from nestling.screening.scoring import Definition, UnknownInstrument, default_library
from nestling.screening.words import (
    DEFINITION_LANGUAGE,
    band_label,
    name_in_sentence,
    other_language,
    short_name,
    wait_in_words,
)

register = template.Library()


@register.filter
def definition_version(result: ScreeningResult) -> str:
    """`result|definition_version`: "1" for a result scored with phq-9@1."""
    return result.definition.rpartition("@")[2] or result.definition


@register.filter
def instrument_title(definition: Definition) -> str | SafeString:
    """`definition|instrument_title`: the instrument's published title, marked as English on a page in
    another language (WCAG 3.1.2)."""
    lang = other_language(DEFINITION_LANGUAGE)
    return format_html('<span lang="{}">{}</span>', lang, definition.title) if lang else definition.title


@register.filter
def instrument_unmarked(definition: Definition) -> str:
    """`definition|instrument_unmarked`: the instrument's name where no element can mark its language (a
    page's <title>): its title on an English page, its short name elsewhere."""
    return name_in_sentence(definition)


@register.filter
def instrument_name(result: ScreeningResult) -> str:
    """`result|instrument_name`: "PHQ-9" for a result scored with phq-9@1 (the key if it is unknown)."""
    try:
        return short_name(default_library().get(result.definition))
    except UnknownInstrument:
        return result.definition


@register.filter
def band_text(result: ScreeningResult) -> str:
    """`result|band_text`: the label of the result's band ("Moderately severe"), "Stopped early" for a
    screen left unfinished, or "—" without a band."""
    if result.is_entered_in_error:
        return _("Entered in error")
    if not result.is_complete:
        return _("Stopped early")
    if not result.band:
        return "—"
    try:
        return band_label(default_library().get(result.definition), result.band)
    except UnknownInstrument:
        return result.band


@register.filter
def wait_words(minutes: int | None) -> str:
    """`minutes|wait_words`: "under a minute", "25 minutes", "3 hours 10 minutes", "2 days"."""
    return "" if minutes is None else wait_in_words(minutes)
