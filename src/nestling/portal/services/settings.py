"""The organization's portal settings: crisis contacts, the emergency number, and what a caregiver is
shown after sending a questionnaire. Set by the organization admin."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.portal.models import PortalSettings, ScoreFeedback
from nestling.portal.selectors import contact_lines
from nestling.records.errors import RecordInvalid, StaleEdit

CONTACTS_MAX = 20


def portal_settings_save(
    *,
    settings: PortalSettings,
    by: User,
    version: int,
    emergency_number: str,
    crisis_contacts: str,
    score_feedback: str,
) -> PortalSettings:
    """Save the settings, refusing a stale edit and contacts that do not read as "who | how to reach"."""
    require(by, Action.SETTINGS_MANAGE)
    errors: dict[str, list[str]] = {}
    if not emergency_number.strip():
        errors["emergency_number"] = [_("Type the emergency number caregivers should call.")]
    lines = [line for line in crisis_contacts.splitlines() if line.strip()]
    bad = [
        n
        for n, line in enumerate(lines, start=1)
        if line.count("|") != 1 or not all(p.strip() for p in line.split("|"))
    ]
    if bad:
        errors["crisis_contacts"] = [
            _("Lines %(lines)s: write who, a vertical bar, then how to reach them (Crisis line | 988).")
            % {"lines": ", ".join(map(str, bad))}
        ]
    elif len(lines) > CONTACTS_MAX:
        errors["crisis_contacts"] = [_("List at most %(n)s contacts.") % {"n": CONTACTS_MAX}]
    if score_feedback not in ScoreFeedback.values:
        errors["score_feedback"] = [_("Choose what a caregiver sees.")]
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        current = PortalSettings.objects.select_for_update().get(pk=settings.pk) if settings.pk else settings
        if current.pk and current.version != version:
            raise StaleEdit(current_version=current.version, changes=[])
        current.emergency_number = emergency_number.strip()
        current.crisis_contacts = "\n".join(line.strip() for line in lines)
        current.score_feedback = score_feedback
        current.version = (current.version + 1) if current.pk else 1
        current.updated_by = by
        current.save()
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="settings",
            subject_type="portalsettings",
            subject_id=str(current.pk),
            detail={"contacts": len(contact_lines(current.crisis_contacts))},
        )
    return current
