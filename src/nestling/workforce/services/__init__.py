"""Writes of staff profiles (the profile's own fields: `services.profile`; training, RS/C and rules
beside it): what the organization records of a staff member's practice. A program
manager decides what a practitioner is qualified for (relationship-based therapy; whether their discipline
may diagnose); each decision is audited with who made it and when."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require, roles_of
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.records.errors import RecordInvalid
from nestling.workforce.models import StaffProfile
from nestling.workforce.permissions import CLINICAL_ROLES

NOTE_MAX = 300
# An override is for a season (records late to be entered, a supervisor on leave), not for good.
OVERRIDE_MAX_DAYS = 180


def staff_qualification_set(
    *,
    person: User,
    by: User,
    qualified: bool,
    note: str,
    seen_set_at: datetime | None,
    until: date | None = None,
) -> StaffProfile:
    """A manager's override of the computed qualification for relationship-based therapy (interaction
    guidance and child-parent psychotherapy, which need specialized IMH training and current reflective
    supervision): qualified until `until` whatever the records say, with the reason in `note`, or the
    override withdrawn. A program manager of the person's organization decides; audited.

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
            _("Give the reason: the training completed elsewhere, or the RS/C received outside Nestling.")
        ]
    today = timezone.localdate()
    if qualified and (until is None or not today <= until <= today + timedelta(days=OVERRIDE_MAX_DAYS)):
        errors["until"] = [
            _("Give the last day the decision holds: from today to %(days)d days ahead.")
            % {"days": OVERRIDE_MAX_DAYS}
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
        profile.qualified_until = until if qualified else None
        profile.qualified_note = note
        profile.qualified_set_by = by
        profile.qualified_set_at = timezone.now()
        profile.save(
            update_fields=[
                "relationship_therapy_qualified",
                "qualified_until",
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
            detail={
                "before": before,
                "after": {
                    "qualified": qualified,
                    "note": note,
                    "until": until.isoformat() if until else None,
                },
            },
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
