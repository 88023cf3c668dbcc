"""Sensitive-category grants, given and withdrawn by the privacy officer: per person and category, with a
reason and an end date no more than a year away. The policy reads grants on every request, so a grant
counts from the moment it is saved and stops the moment it is withdrawn or runs out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.denials import AccessDenied
from nestling.access.models import SensitiveGrant
from nestling.access.policy import Action, require, roles_of
from nestling.accounts.models import User
from nestling.audit.categories import SensitiveCategory
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.records.errors import RecordInvalid

# A grant is renewed by a fresh decision at least once a year.
MAX_GRANT_DAYS = 365
MIN_GRANT_REASON = 10


def grant_ends_on(grant: SensitiveGrant) -> date | None:
    """The last day a grant counts (it runs out at the end of that day, local time)."""
    if grant.expires_at is None:
        return None
    return timezone.localtime(grant.expires_at).date() - timedelta(days=1)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _until(grant: SensitiveGrant) -> str:
    ends_on = grant_ends_on(grant)
    return date_format(ends_on) if ends_on is not None else _("further notice")


def _audit(*, by: User, grant: SensitiveGrant, what: str, reason: str) -> None:
    audit_record(
        actor=by,
        action=AuditAction.CREATE if what == "given" else AuditAction.CHANGE,
        category=grant.category,
        organization_id=grant.organization_id,
        subject_type="sensitivegrant",
        subject_id=grant.uuid,
        reason=reason,
        detail={"grant": what, "user": str(grant.user.uuid), "ends_on": str(grant_ends_on(grant) or "")},
    )


def sensitive_grant_give(
    *, by: User, person: User | None, category: str, reason: str, ends_on: date | None
) -> SensitiveGrant:
    """Let `person` see records of `category` in every family they may open, until the end of `ends_on`."""
    require(by, Action.GRANTS_MANAGE)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if person is None or person.organization_id != by.organization_id or not person.is_active:
        errors["person"] = [_("Choose an active staff member of your organization.")]
    elif not roles_of(person):
        errors["person"] = [_("%(name)s has no role; a grant would show them nothing.") % {"name": person}]
    if category not in SensitiveCategory.values:
        errors["category"] = [_("Choose a category.")]
    if len(reason.strip()) < MIN_GRANT_REASON:
        errors["reason"] = [
            _("Say why this person needs the category (at least %(n)d characters).") % {"n": MIN_GRANT_REASON}
        ]
    latest = today + timedelta(days=MAX_GRANT_DAYS)
    if ends_on is None:
        errors["ends_on"] = [_("Enter the last day the grant counts (a year from today at most).")]
    elif ends_on < today:
        errors["ends_on"] = [
            _("The grant would be over before it began: choose today or a later day, up to %(latest)s.")
            % {"latest": date_format(latest)}
        ]
    elif ends_on > latest:
        errors["ends_on"] = [
            _(
                "A grant lasts a year at most: choose %(latest)s or earlier, and renew it then "
                "if still needed."
            )
            % {"latest": date_format(latest)}
        ]
    if errors:
        raise RecordInvalid(errors)
    assert person is not None and ends_on is not None
    with transaction.atomic():
        held = (
            _current(SensitiveGrant.objects.select_for_update())
            .filter(user=person, category=category, family__isnull=True)
            .first()
        )
        if held is not None:
            raise RecordInvalid(
                {
                    "": [
                        _(
                            "%(name)s already holds %(category)s until %(until)s. Withdraw that grant "
                            "first to give one with another end date."
                        )
                        % {
                            "name": person,
                            "category": held.get_category_display(),
                            "until": _until(held),
                        }
                    ]
                }
            )
        grant = SensitiveGrant.objects.create(
            organization_id=by.organization_id,
            user=person,
            category=category,
            granted_by=by,
            expires_at=_end_of(ends_on),
            reason=reason.strip(),
        )
        _audit(by=by, grant=grant, what="given", reason=grant.reason)
    return grant


def sensitive_grant_withdraw(*, by: User, grant: SensitiveGrant, reason: str) -> SensitiveGrant:
    """End a grant now, with a reason; the person no longer sees the category from their next page."""
    require(by, Action.GRANTS_MANAGE, grant)
    if len(reason.strip()) < MIN_GRANT_REASON:
        raise RecordInvalid(
            {
                "reason": [
                    _("Say why the grant is withdrawn (at least %(n)d characters).") % {"n": MIN_GRANT_REASON}
                ]
            }
        )
    with transaction.atomic():
        current = SensitiveGrant.objects.select_for_update().select_related("user").get(pk=grant.pk)
        now = timezone.now()
        if current.revoked_at is not None or (current.expires_at is not None and current.expires_at <= now):
            raise RecordInvalid({"": [_("This grant has already ended.")]})
        current.revoked_at = now
        current.revoked_by = by
        current.revoke_reason = reason.strip()
        current.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        _audit(by=by, grant=current, what="withdrawn", reason=current.revoke_reason)
    return current


def _current(grants: QuerySet[SensitiveGrant]) -> QuerySet[SensitiveGrant]:
    now = timezone.now()
    return grants.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


@dataclass(frozen=True)
class GrantLists:
    current: list[SensitiveGrant]
    ended: list[SensitiveGrant]


GRANTS_ENDED_SHOWN = 200


def sensitive_grants_list(*, actor: User) -> GrantLists:
    """Who holds which category now, and the grants that ended (newest first), in two queries; the
    reading is audited."""
    require(actor, Action.GRANTS_MANAGE)
    grants = SensitiveGrant.objects.filter(organization_id=actor.organization_id).select_related(
        "user", "granted_by", "revoked_by", "family"
    )
    current = list(_current(grants).order_by("user__last_name", "user__first_name", "category"))
    ended = list(
        grants.exclude(pk__in=[g.pk for g in current]).order_by(
            F("revoked_at").desc(nulls_last=True), F("expires_at").desc(nulls_last=True)
        )[:GRANTS_ENDED_SHOWN]
    )
    for grant in (*current, *ended):
        grant.ends_on = grant_ends_on(grant)  # type: ignore[attr-defined]
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        category="grant",
        subject_type="sensitivegrants",
        detail={"current": len(current), "ended": len(ended)},
    )
    return GrantLists(current=current, ended=ended)


def sensitive_grant_get(*, actor: User, grant_uuid: UUID) -> SensitiveGrant:
    """One grant of the actor's organization; AccessDenied (a 404) otherwise."""
    grant = SensitiveGrant.objects.filter(uuid=grant_uuid, organization_id=actor.organization_id).first()
    if grant is None:
        raise AccessDenied(
            actor=actor,
            action=str(Action.GRANTS_MANAGE),
            category="grant",
            subject_type="sensitivegrant",
            subject_id=grant_uuid,
            organization_id=actor.organization_id,
        )
    require(actor, Action.GRANTS_MANAGE, grant)
    return grant
