"""A measure's texts in the reader's language: the definitions keep them in English, marked for
translation."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def words(text: str) -> str:
    return gettext(text) if text else ""
