"""The response to an urgent safety alert: the risk assessed, what was done, a note, who answered and when.

Whoever must answer an alert may: its practitioner, their supervisor, whoever carries the family, and a
covering clinician holding emergency access to the family. A response given under emergency access is
audited as such, naming the access. A response can be corrected afterwards, by version, like any record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.denials import AccessDenied
from nestling.access.models import BreakGlassAccess
from nestling.access.policy import Action, can, require
from nestling.access.selectors import emergency_access_in_force
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.validation import Errors, happened_at_errors
from nestling.records.errors import RecordInvalid
from nestling.records.writes import record_close_once, record_update
from nestling.screening.models import RiskLevel, SafetyAction, SafetyAlert

# At these levels a response that took no action is refused: someone may be about to be hurt.
RISK_NEEDING_ACTION = frozenset({RiskLevel.HIGH, RiskLevel.IMMINENT})
RESPONSE_FIELDS = frozenset({"risk", "actions", "response_note", "responded_at"})


@dataclass(frozen=True)
class SafetyResponse:
    """What a clinician records in answer to an alert (as the form gives it)."""

    risk: str
    actions: Sequence[str]
    note: str
    responded_at: datetime


@dataclass(frozen=True)
class Responder:
    """Whether a user may answer an alert, and the emergency access they would answer under (None when
    the family is theirs: their alert, their supervisee's, their caseload)."""

    may_respond: bool
    under: BreakGlassAccess | None = None


def alert_responder(*, user: User, alert: SafetyAlert, at: datetime | None = None) -> Responder:
    """Who `user` is to this alert: one who must answer it, a covering clinician under emergency access,
    or someone who may only read it (one query at most)."""
    if user.pk in (alert.practitioner_id, alert.supervisor_id) or can(user, Action.FAMILY_EDIT, alert.family):
        return Responder(may_respond=True)
    access = emergency_access_in_force(user=user, family=alert.family, at=at)
    return Responder(may_respond=access is not None, under=access)


def safety_response_errors(response: SafetyResponse, *, raised_at: datetime, now: datetime) -> Errors:
    """Every problem with a response at once (field → messages); empty when it may be saved."""
    errors: Errors = {}
    if response.risk not in RiskLevel.values:
        errors["risk"] = [_("Choose the risk you assessed.")]
    unknown = [action for action in response.actions if action not in SafetyAction.values]
    if unknown:
        errors["actions"] = [_("Choose actions from the list.")]
    elif response.risk in RISK_NEEDING_ACTION and not response.actions:
        errors["actions"] = [
            _(
                "At %(risk)s risk something is done to keep the person safe: choose each action taken "
                "(a safety plan, the crisis line, emergency services, a same-day appointment, your "
                "supervisor)."
            )
            % {"risk": RiskLevel(response.risk).label.lower()}
        ]
    if not response.actions and not response.note.strip() and "risk" not in errors:
        errors["note"] = [_("No action chosen: say what was done, or why nothing more was needed.")]
    errors.update(
        happened_at_errors(
            "responded_at",
            response.responded_at,
            now=now,
            # A response is given to the minute: in the minute the alert was raised is not before it.
            not_before=raised_at.replace(second=0, microsecond=0),
            not_before_code="before_alert",
        )
    )
    return errors


def _given_at(response: SafetyResponse, raised_at: datetime) -> SafetyResponse:
    """A response given in the minute the alert was raised is kept as given when it was raised at the
    earliest, so the time to respond is never negative."""
    return replace(response, responded_at=max(response.responded_at, raised_at))


def _values(response: SafetyResponse) -> dict[str, Any]:
    ordered = [value for value in SafetyAction.values if value in set(response.actions)]
    return {
        "risk": response.risk,
        "actions": ordered,
        "response_note": response.note.strip(),
        "responded_at": response.responded_at,
    }


def _refuse(user: User, alert: SafetyAlert) -> AccessDenied:
    return AccessDenied(
        actor=user,
        action="safety_alert.respond",
        category="screening",
        subject_type="safetyalert",
        subject_id=alert.uuid,
        family_uuid=alert.family.uuid,
        organization_id=alert.organization_id,
    )


def _audit_emergency(*, by: User, alert: SafetyAlert, access: BreakGlassAccess, did: str) -> None:
    """A row the privacy officer's review of the access finds: what was done under it."""
    audit_record(
        actor=by,
        action=AuditAction.BREAK_GLASS,
        category="screening",
        organization_id=alert.organization_id,
        subject_type="safetyalert",
        subject_id=alert.uuid,
        family_uuid=alert.family.uuid,
        reason=access.reason,
        detail={"did": did, "emergency_access": str(access.uuid)},
    )


def safety_alert_answer(
    *, alert: SafetyAlert, by: User, response: SafetyResponse, now: datetime | None = None
) -> SafetyAlert:
    """Close an alert with the risk assessed, the actions taken, a note and when it was done.

    Refused (RecordInvalid, every problem at once) without a risk, at high or imminent risk with no
    action, with no action and no note, and at a time later than now or before the alert was raised; an
    alert someone already answered is refused naming who (AlreadyClosed). Someone who may not answer it
    gets AccessDenied (a 404). Under emergency access the response names the access, and is audited as
    made under it.
    """
    require(by, Action.FAMILY_VIEW, alert.family)
    now = now or timezone.now()
    responder = alert_responder(user=by, alert=alert, at=now)
    if not responder.may_respond:
        raise _refuse(by, alert)
    errors = safety_response_errors(response, raised_at=alert.raised_at, now=now)
    if errors:
        raise RecordInvalid(errors)
    response = _given_at(response, alert.raised_at)
    access = responder.under
    detail: dict[str, Any] = {
        "minutes_to_response": round((response.responded_at - alert.raised_at).total_seconds() / 60)
    }
    if access is not None:
        detail["emergency_access"] = str(access.uuid)
    with transaction.atomic():
        closed = record_close_once(
            alert,
            by=by,
            version=None,
            closed_when="responded_at",
            values={**_values(response), "responded_by": by, "responded_under": access},
            refusal=_answered_by_whom,
            family=alert.family,
            detail=detail,
        )
        if access is not None:
            _audit_emergency(by=by, alert=closed, access=access, did="safety_alert.respond")
    return closed


def _answered_by_whom(alert: SafetyAlert) -> str:
    who = alert.responded_by.display_name if alert.responded_by else _("Someone")
    return _("%(who)s has already recorded a response to this alert.") % {"who": who}


def safety_response_correct(
    *, alert: SafetyAlert, by: User, version: int, response: SafetyResponse, now: datetime | None = None
) -> SafetyAlert:
    """Correct a recorded response (its risk, actions, note or time), from the version the editor read:
    checked as a new response is; a stale version raises StaleEdit naming the other person's change. Who
    may answer the alert may correct its response."""
    require(by, Action.FAMILY_VIEW, alert.family)
    now = now or timezone.now()
    responder = alert_responder(user=by, alert=alert, at=now)
    if not responder.may_respond or alert.is_open:
        raise _refuse(by, alert)
    errors = safety_response_errors(response, raised_at=alert.raised_at, now=now)
    if errors:
        raise RecordInvalid(errors)
    response = _given_at(response, alert.raised_at)
    with transaction.atomic():
        current, _before = record_update(
            alert,
            by=by,
            version=version,
            changes=_values(response),
            allowed=RESPONSE_FIELDS,
            family=alert.family,
            detail={"emergency_access": str(responder.under.uuid)} if responder.under else None,
        )
        if responder.under is not None:
            _audit_emergency(by=by, alert=current, access=responder.under, did="safety_alert.correct")
    return current
