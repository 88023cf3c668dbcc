"""The names of the field's own kinds of service, in the reader's language.

A shipped service type is a row (migration 0002) whose `name` is its English name, kept as the stored
fallback; pages show it through these words, keyed by its code, so every language has them. An
organization's own service types are shown by the name the organization gave them.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SHIPPED_NAMES: dict[str, Promise] = {
    "case_management": _("Case management"),
    "advocacy": _("Advocacy"),
    "emotional_support": _("Emotional support"),
    "developmental_guidance": _("Developmental guidance"),
    "early_relationship_assessment": _("Early relationship assessment"),
    "social_support": _("Social support"),
    "interaction_guidance": _("Interaction guidance"),
    "child_parent_psychotherapy": _("Child-parent psychotherapy"),
}


# The relationship-based therapies among them: only a qualified practitioner delivers one.
RELATIONSHIP_THERAPIES = frozenset({"interaction_guidance", "child_parent_psychotherapy"})


def service_name(*, code: str, name: str, shipped: bool) -> str:
    """What a service type is called on a page: a shipped one in the reader's language, an
    organization's own by its own name."""
    words = SHIPPED_NAMES.get(code) if shipped else None
    return str(words) if words is not None else name
