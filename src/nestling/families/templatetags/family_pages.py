"""Small template helpers for the family pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def for_person(mapping: Mapping[str, Any], uuid: object) -> Any:
    """`due_screens|for_person:carer.uuid`: the entry for one person, or an empty tuple."""
    return mapping.get(str(uuid), ())
