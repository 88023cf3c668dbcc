"""Writes of staff profiles: what the organization records of a staff member's practice. A program
manager decides what a practitioner is qualified for (relationship-based therapy; whether their discipline
may diagnose); each decision is audited with who made it and when."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require, roles_of
from nestling.accounts.models import Role, User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.records.errors import RecordInvalid
from nestling.workforce.models import StaffProfile

NOTE_MAX = 300
# Who may deliver a relationship-based therapy: the people who see families.
CLINICAL_ROLES = frozenset({Role.PRACTITIONER, Role.SUPERVISOR})


def staff_qualification_set(
    *, person: User, by: User, qualified: bool, note: str, seen_set_at: datetime | None
) -> StaffProfile:
    """Mark `person` qualified (or no longer qualified) for relationship-based therapy: interaction
    guidance and child-parent psychotherapy, which need specialized IMH training and current reflective
    supervision. A program manager of the person's organization decides; audited.

    `seen_set_at` is when the qualification the manager saw was last set (None: never); if someone set it
    since, nothing is saved and the refusal says who did.
    """
    require(by, Action.QUALIFICATION_SET)
    errors: dict[str, list[str]] = {}
    if person.organization_id != by.organization_id or not person.is_active:
        errors[""] = [_("Choose an active member of your organization's staff.")]
    elif not roles_of(person) & CLINICAL_ROLES:
        errors[""] = [
            _("Only a practitioner or a reflective supervisor delivers relationship-based therapy.")
        ]
    note = note.strip()
    if qualified and not note:
        errors["note"] = [
            _("Say what it rests on: the specialized training, and who gives the reflective supervision.")
        ]
    if len(note) > NOTE_MAX:
        errors["note"] = [_("At most %(max)d characters.") % {"max": NOTE_MAX}]
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        profile, _created = StaffProfile.objects.select_for_update().get_or_create(
            user=person, defaults={"organization_id": person.organization_id}
        )
        if profile.qualified_set_at != seen_set_at:
            who = profile.qualified_set_by.display_name if profile.qualified_set_by else _("Someone")
            raise RecordInvalid(
                {
                    "": [
                        _(
                            "%(who)s changed this on %(on)s while you had it open, so nothing was saved: "
                            "read it again, then decide."
                        )
                        % {
                            "who": who,
                            "on": date_format(timezone.localtime(profile.qualified_set_at), "j M Y H:i"),
                        }
                    ]
                }
            )
        before = {"qualified": profile.relationship_therapy_qualified, "note": profile.qualified_note}
        profile.relationship_therapy_qualified = qualified
        profile.qualified_note = note
        profile.qualified_set_by = by
        profile.qualified_set_at = timezone.now()
        profile.save(
            update_fields=[
                "relationship_therapy_qualified",
                "qualified_note",
                "qualified_set_by",
                "qualified_set_at",
            ]
        )
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="staff",
            organization_id=person.organization_id,
            subject_type="staffprofile",
            subject_id=person.uuid,
            detail={"before": before, "after": {"qualified": qualified, "note": note}},
        )
    return profile


def staff_may_diagnose_set(*, by: User, person: User, may_diagnose: bool) -> StaffProfile:
    """Say whether `person`'s discipline may diagnose (it gates a confirmed DC:0-5 diagnosis). A program
    manager of the same organization only."""
    require(by, Action.QUALIFICATION_SET, person)
    with transaction.atomic():
        profile, _created = StaffProfile.objects.select_for_update().get_or_create(
            user=person, defaults={"organization_id": person.organization_id}
        )
        before = profile.may_diagnose
        profile.may_diagnose = may_diagnose
        profile.may_diagnose_set_by = by
        profile.may_diagnose_set_at = timezone.now()
        profile.save(update_fields=["may_diagnose", "may_diagnose_set_by", "may_diagnose_set_at"])
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="staff",
            organization_id=person.organization_id,
            subject_type="staffprofile",
            subject_id=person.uuid,
            detail={"before": {"may_diagnose": before}, "after": {"may_diagnose": may_diagnose}},
        )
    return profile
