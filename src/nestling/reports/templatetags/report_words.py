"""A measure's texts in the reader's language: the definitions keep them in English, marked for
translation."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from nestling.reports.measures.engine import Evaluation
from nestling.reports.words import figure_text

register = template.Library()


@register.filter
def words(text: str) -> str:
    return gettext(text) if text else ""


@register.filter
def figure(evaluation: Evaluation) -> str:
    """The period's figure: a rate in percent, a median in days, an average in hours."""
    return figure_text(evaluation)
