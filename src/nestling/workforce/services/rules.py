"""Writes of endorsement rules and the workforce settings: a program manager saves a new version of a
credential's rule (the old versions stay as they were) and the organization's RS/C period and supervisee
limit."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.records.errors import RecordInvalid, StaleEdit
from nestling.workforce.models import Credential, EndorsementRule, RulePurpose, WorkforcePolicy
from nestling.workforce.permissions import is_manager, refuse
from nestling.workforce.readiness import Rule

HOURS_MAX = Decimal(500)


def rule_errors(rule: Rule) -> dict[str, list[str]]:
    """Every problem with a rule (a list, not the first one)."""
    errors: dict[str, list[str]] = {}
    if rule.credential not in Credential.values or rule.purpose not in RulePurpose.values:
        errors[""] = [_("Choose a credential and whether the rule is to earn or to renew it.")]
    for name in ("rsc_hours", "training_hours"):
        if not Decimal(0) <= getattr(rule, name) <= HOURS_MAX:
            errors[name] = [_("Give hours from 0 to %(max)d.") % {"max": HOURS_MAX}]
    if not 1 <= rule.rsc_window_months <= 60:
        errors["rsc_window_months"] = [_("Give a period of 1 to 60 months.")]
    if rule.training_window_months is not None and not 1 <= rule.training_window_months <= 60:
        errors["training_window_months"] = [
            _("Give a period of 1 to 60 months, or leave it empty for any date.")
        ]
    return errors


def endorsement_rule_save(*, by: User, rule: Rule, seen_version: int) -> EndorsementRule:
    """Save `rule` as the organization's next version of its credential's rule. `seen_version` is the
    version the manager edited (0: the field's default); if someone saved one since, nothing is saved."""
    if not is_manager(by):
        raise refuse(by, "endorsement_rule.save", subject_type="endorsementrule", subject_id=rule.credential)
    errors = rule_errors(rule)
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        rows = EndorsementRule.objects.select_for_update().filter(
            organization_id=by.organization_id, credential=rule.credential, purpose=rule.purpose
        )
        newest = rows.aggregate(v=Max("version"))["v"] or 0
        if newest != seen_version:
            raise StaleEdit(current_version=newest, changes=[])
        saved = EndorsementRule.objects.create(
            organization_id=by.organization_id,
            credential=rule.credential,
            purpose=rule.purpose,
            version=newest + 1,
            rsc_hours=rule.rsc_hours,
            rsc_window_months=rule.rsc_window_months,
            training_hours=rule.training_hours,
            training_window_months=rule.training_window_months,
            verified=rule.verified,
            note=rule.note.strip()[:300],
            created_by=by,
        )
        audit_record(
            actor=by,
            action=AuditAction.CREATE,
            category="staff",
            organization_id=by.organization_id,
            subject_type="endorsementrule",
            subject_id=f"{rule.credential}:{rule.purpose}:{saved.version}",
            detail={"rsc_hours": str(rule.rsc_hours), "training_hours": str(rule.training_hours)},
        )
    return saved


def workforce_policy_save(
    *, by: User, version: int, rsc_recent_days: int, supervisee_limit: int
) -> WorkforcePolicy:
    """Save the organization's RS/C period (for qualification) and supervisee limit; a manager only."""
    if not is_manager(by):
        raise refuse(by, "workforce_policy.save", subject_type="workforcepolicy", subject_id="")
    errors: dict[str, list[str]] = {}
    if not 14 <= rsc_recent_days <= 365:
        errors["rsc_recent_days"] = [_("Give a number of days from 14 to 365.")]
    if not 1 <= supervisee_limit <= 30:
        errors["supervisee_limit"] = [_("Give a number from 1 to 30.")]
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        policy, _created = WorkforcePolicy.objects.select_for_update().get_or_create(
            organization_id=by.organization_id
        )
        if policy.version != version and not _created:
            raise StaleEdit(current_version=policy.version, changes=[])
        before = {"rsc_recent_days": policy.rsc_recent_days, "supervisee_limit": policy.supervisee_limit}
        policy.rsc_recent_days, policy.supervisee_limit = rsc_recent_days, supervisee_limit
        policy.version += 1
        policy.updated_by = by
        policy.save(
            update_fields=["rsc_recent_days", "supervisee_limit", "version", "updated_by", "updated_at"]
        )
        audit_record(
            actor=by,
            action=AuditAction.CHANGE,
            category="staff",
            organization_id=by.organization_id,
            subject_type="workforcepolicy",
            detail={
                "before": before,
                "after": {"rsc_recent_days": rsc_recent_days, "supervisee_limit": supervisee_limit},
            },
        )
    return policy
