"""What the organization records of a staff member's practice. A program manager decides what a
practitioner is qualified for; each decision is audited with who made it and when."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.workforce.models import StaffProfile


def staff_may_diagnose_set(*, by: User, person: User, may_diagnose: bool) -> StaffProfile:
    """Say whether `person`'s discipline may diagnose (it gates a confirmed DC:0-5 diagnosis). A program
    manager of the same organization only."""
    require(by, Action.STAFF_QUALIFY, person)
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
            category="account",
            subject_type="staff_profile",
            subject_id=person.uuid,
            detail={"before": {"may_diagnose": before}, "after": {"may_diagnose": may_diagnose}},
        )
    return profile
