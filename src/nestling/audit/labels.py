"""Words for what audit rows record, for the privacy officer's page.

Services record data categories and subject types as identifiers ("safetyalert", "url", "break_glass");
the audit trail shows them as words. The identifiers stay what is stored, searched and hashed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nestling.audit.categories import SensitiveCategory
from nestling.audit.models import AuditEvent

_WORDS = {
    "account": _("Staff account"),
    "audit": _("Audit trail"),
    "audit_trail": _("Audit trail"),
    "break_glass": _("Emergency access"),
    "caseload": _("Caseload"),
    "family": _("Family"),
    "family_reference": _("Family reference number"),
    "growth": _("Growth"),
    "household_membership": _("Household membership"),
    "instrument_wording": _("Licensed instrument wording"),
    "page": _("Page"),
    "screening": _("Screening"),
    "search": _("Search"),
    "settings": _("Settings"),
    "team": _("Supervision team"),
    "url": _("Page"),
}


@lru_cache(maxsize=1)
def _model_words() -> dict[str, str]:
    # Records audited by their model's name ("safetyalert", "caregiver") read as the model's verbose name.
    return {model._meta.model_name or "": str(model._meta.verbose_name) for model in apps.get_models()}


def audit_word(identifier: str) -> str:
    """The word for a recorded category or subject type; an unknown identifier with spaces for underscores."""
    if identifier in _WORDS:
        return str(_WORDS[identifier])
    if identifier in SensitiveCategory.values:
        return str(SensitiveCategory(identifier).label)
    return capfirst(_model_words().get(identifier) or identifier.replace("_", " "))


def audit_category_from_word(text: str) -> str:
    """The recorded category a privacy officer means by `text`: an identifier as stored, or the word the
    audit trail shows for one (any case)."""
    wanted = text.strip()
    known = [*_WORDS, *SensitiveCategory.values, *_model_words()]
    if wanted in known:
        return wanted
    for identifier in known:
        if audit_word(identifier).casefold() == wanted.casefold():
            return identifier
    return wanted


@dataclass(frozen=True)
class AuditRow:
    """One audit event as the privacy officer's page shows it."""

    event: AuditEvent
    who: str
    category: str
    subject: str
    subject_id: str


def audit_rows(events: list[AuditEvent]) -> list[AuditRow]:
    """The page's rows for these events, in the same order."""
    rows = []
    for event in events:
        subject_id = event.subject_id
        if event.subject_type == "url":
            subject_id = subject_id.replace("_", " ")  # a URL's name, not an id
        rows.append(
            AuditRow(
                event=event,
                who=event.actor_label or str(_("System or command line")),
                category=audit_word(event.category),
                subject=audit_word(event.subject_type) if event.subject_type else "",
                subject_id=subject_id,
            )
        )
    return rows
