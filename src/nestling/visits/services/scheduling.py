"""Scheduling a visit and what becomes of it: missed, cancelled, or rescheduled (cancelled, or left as
missed, and pointing at the visit that replaces it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, current_q, require, roles_of
from nestling.accounts.models import User
from nestling.families.models import CaseloadAssignment, Enrollment, Family
from nestling.families.validation import booked_errors
from nestling.records.errors import RecordInvalid
from nestling.records.writes import already_created, audit_create, insert_once, record_update
from nestling.visits.errors import VisitClash
from nestling.visits.models import CancelledBy, MissedReason, Visit, VisitSetting, VisitStatus
from nestling.visits.selectors import JOINING, clashes_for

Errors = dict[str, list[str]]

MIN_MINUTES = 5
MAX_MINUTES = 480  # 8 hours: a long home visit, or a day-long assessment
REASON_MAX = 500
PLACE_MAX = 200
# Who may join a visit: the people who see families.
JOINING_ROLES = frozenset(JOINING)
STATUS_FIELDS = frozenset({"status", "missed_reason", "cancelled_by", "status_note", "rescheduled_to"})


def duration_errors(field: str, minutes: int | None, *, what: str = "visit") -> Errors:
    """A visit (or a group session) lasts from 5 minutes to 8 hours."""
    if minutes is None:
        return {field: [_("Enter how long it lasts, in minutes.")]}
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        message = (
            _(
                "A group session lasts from %(min)d minutes to 8 hours (%(max)d minutes); %(n)d minutes "
                "is not possible."
            )
            if what == "group"
            else _(
                "A visit lasts from %(min)d minutes to 8 hours (%(max)d minutes); %(n)d minutes is not "
                "possible."
            )
        )
        return {field: [message % {"min": MIN_MINUTES, "max": MAX_MINUTES, "n": minutes}]}
    return {}


def _merge(errors: Errors, more: Errors) -> None:
    for name, messages in more.items():
        errors.setdefault(name, []).extend(messages)


def _care_team_ids(family: Family) -> set[int]:
    return set(
        CaseloadAssignment.objects.filter(current_q(), family=family).values_list(
            "practitioner_id", flat=True
        )
    )


def _when_errors(*, visit_on: date | None, starts_at: time | None, duration_minutes: int | None) -> Errors:
    errors: Errors = {}
    if visit_on is None:
        errors["visit_on"] = [_("Enter the date of the visit.")]
    _merge(errors, booked_errors("visit_on", visit_on))
    if starts_at is None:
        errors["starts_at"] = [_("Enter the time the visit starts.")]
    _merge(errors, duration_errors("duration_minutes", duration_minutes))
    return errors


def _where_errors(*, setting: str, place: str) -> Errors:
    errors: Errors = {}
    if setting not in VisitSetting.values:
        errors["setting"] = [_("Choose where the visit happens.")]
    if len(place) > PLACE_MAX:
        errors["place"] = [_("At most %(max)d characters.") % {"max": PLACE_MAX}]
    return errors


def _team_errors(*, family: Family, practitioner: User, co_practitioners: Sequence[User]) -> Errors:
    errors: Errors = {}
    if practitioner.pk not in _care_team_ids(family):
        errors["practitioner"] = [
            _("Choose a practitioner of the family's care team: only they can open the family's record.")
        ]
    for person in co_practitioners:
        if person.pk == practitioner.pk:
            errors.setdefault("co_practitioners", []).append(
                _("%(name)s leads this visit already.") % {"name": person.display_name}
            )
        elif (
            person.organization_id != family.organization_id
            or not person.is_active
            or not roles_of(person) & JOINING_ROLES
        ):
            errors.setdefault("co_practitioners", []).append(
                _("%(name)s cannot join a visit: choose a practitioner or supervisor of your organization.")
                % {"name": person.display_name}
            )
    return errors


def _open_enrollment(family: Family) -> Enrollment | None:
    return (
        Enrollment.objects.filter(family=family, discharged_on__isnull=True).order_by("-enrolled_on").first()
    )


def visit_schedule(
    *,
    family: Family,
    by: User,
    visit_on: date,
    starts_at: time,
    duration_minutes: int,
    setting: str,
    place: str = "",
    practitioner: User | None = None,
    co_practitioners: Sequence[User] = (),
    confirm_clash: bool = False,
    client_id: UUID | None = None,
) -> Visit:
    """Schedule a visit to the family, led by `practitioner` (by default the one scheduling it).

    Bad values raise RecordInvalid, by field. Another visit of the practitioner at that time raises
    VisitClash (nothing saved) unless `confirm_clash`. A repeated submission with the same client id
    returns the visit the first one made.
    """
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(Visit, family=family, client_id=client_id)
    if existing is not None:
        return existing
    practitioner = practitioner or by
    place = place.strip()
    errors = _when_errors(visit_on=visit_on, starts_at=starts_at, duration_minutes=duration_minutes)
    _merge(errors, _where_errors(setting=setting, place=place))
    _merge(errors, _team_errors(family=family, practitioner=practitioner, co_practitioners=co_practitioners))
    if errors:
        raise RecordInvalid(errors)
    if not confirm_clash:
        clashes = clashes_for(practitioner, visit_on, starts_at, duration_minutes)
        if clashes:
            raise VisitClash(clashes)
    with transaction.atomic():
        visit, created = insert_once(
            Visit(
                organization_id=family.organization_id,
                family=family,
                enrollment=_open_enrollment(family),
                practitioner=practitioner,
                visit_on=visit_on,
                starts_at=starts_at,
                duration_minutes=duration_minutes,
                setting=setting,
                place=place,
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            visit.co_practitioners.set(co_practitioners)
            audit_create(
                by=by,
                record=visit,
                family=family,
                detail={
                    "practitioner": str(practitioner.uuid),
                    "co_practitioners": [str(p.uuid) for p in co_practitioners],
                    "clash_confirmed": confirm_clash,
                },
            )
    return visit


def _day(on: date) -> str:
    return date_format(on, "j M Y")


def _require_scheduled(visit: Visit, doing: str) -> None:
    if visit.status != VisitStatus.SCHEDULED:
        raise RecordInvalid(
            {
                "": [
                    _("This visit is %(status)s already, so it cannot be %(doing)s.")
                    % {"status": visit.get_status_display().lower(), "doing": doing}
                ]
            }
        )


def _reason_errors(reason: str, *, required: bool) -> Errors:
    if required and not reason:
        return {"status_note": [_("Say why, in a few words.")]}
    if len(reason) > REASON_MAX:
        return {"status_note": [_("At most %(max)d characters.") % {"max": REASON_MAX}]}
    return {}


def visit_mark_missed(*, visit: Visit, by: User, version: int, reason: str, note: str = "") -> Visit:
    """The family did not come, or was not at home. Only a scheduled visit whose day has come."""
    require(by, Action.FAMILY_EDIT, visit.family)
    _require_scheduled(visit, _("marked missed"))
    note = note.strip()
    errors: Errors = {}
    if reason not in MissedReason.values:
        errors["missed_reason"] = [_("Choose what happened.")]
    if visit.visit_on > timezone.localdate():
        errors[""] = [
            _(
                "This visit is booked for %(on)s: it can be marked missed from that day on. To call it off "
                "now, cancel it."
            )
            % {"on": _day(visit.visit_on)}
        ]
    _merge(errors, _reason_errors(note, required=False))
    if errors:
        raise RecordInvalid(errors)
    updated, _before = record_update(
        visit,
        by=by,
        version=version,
        changes={"status": VisitStatus.MISSED, "missed_reason": reason, "status_note": note},
        allowed=STATUS_FIELDS,
        family=visit.family,
    )
    return updated


def _cancel_errors(cancelled_by: str, reason: str) -> Errors:
    errors: Errors = {}
    if cancelled_by not in CancelledBy.values:
        errors["cancelled_by"] = [_("Choose who called it off.")]
    _merge(errors, _reason_errors(reason, required=True))
    return errors


def visit_cancel(*, visit: Visit, by: User, version: int, cancelled_by: str, reason: str) -> Visit:
    """Call off a scheduled visit: by the family or by staff, with the reason."""
    require(by, Action.FAMILY_EDIT, visit.family)
    _require_scheduled(visit, _("cancelled"))
    reason = reason.strip()
    errors = _cancel_errors(cancelled_by, reason)
    if errors:
        raise RecordInvalid(errors)
    updated, _before = record_update(
        visit,
        by=by,
        version=version,
        changes={"status": VisitStatus.CANCELLED, "cancelled_by": cancelled_by, "status_note": reason},
        allowed=STATUS_FIELDS,
        family=visit.family,
    )
    return updated


def visit_reschedule(
    *,
    visit: Visit,
    by: User,
    version: int,
    cancelled_by: str,
    reason: str,
    visit_on: date,
    starts_at: time,
    duration_minutes: int,
    setting: str,
    place: str = "",
    confirm_clash: bool = False,
    client_id: UUID | None = None,
) -> Visit:
    """Move a visit: a scheduled one is cancelled (by whom, why) and a missed one stays missed; either
    points at the new visit, which keeps the practitioners. Returns the new visit.

    A repeated submission (same client id) returns the visit the first one made.
    """
    family = visit.family
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(Visit, family=family, client_id=client_id)
    if existing is not None:
        return existing
    if visit.status not in (VisitStatus.SCHEDULED, VisitStatus.MISSED) or visit.rescheduled_to_id is not None:
        raise RecordInvalid(
            {"": [_("Only a scheduled or missed visit is rescheduled, once; schedule a new visit instead.")]}
        )
    reason = reason.strip()
    place = place.strip()
    errors = _when_errors(visit_on=visit_on, starts_at=starts_at, duration_minutes=duration_minutes)
    _merge(errors, _where_errors(setting=setting, place=place))
    if visit.status == VisitStatus.SCHEDULED:
        _merge(errors, _cancel_errors(cancelled_by, reason))
    else:
        _merge(errors, _reason_errors(reason, required=False))
    if errors:
        raise RecordInvalid(errors)
    practitioner = visit.practitioner
    co_practitioners = list(visit.co_practitioners.all())
    if not confirm_clash:
        clashes = clashes_for(practitioner, visit_on, starts_at, duration_minutes, exclude=visit)
        if clashes:
            raise VisitClash(clashes)
    with transaction.atomic():
        replacement, created = insert_once(
            Visit(
                organization_id=family.organization_id,
                family=family,
                enrollment=visit.enrollment,
                practitioner=practitioner,
                visit_on=visit_on,
                starts_at=starts_at,
                duration_minutes=duration_minutes,
                setting=setting,
                place=place,
                client_id=client_id,
                created_by=by,
            )
        )
        if not created:  # the same submission, sent twice at once: the first one did it all
            return replacement
        replacement.co_practitioners.set(co_practitioners)
        audit_create(by=by, record=replacement, family=family, detail={"rescheduled_from": str(visit.uuid)})
        changes: dict[str, object] = {"rescheduled_to": replacement}
        if visit.status == VisitStatus.SCHEDULED:
            changes |= {"status": VisitStatus.CANCELLED, "cancelled_by": cancelled_by, "status_note": reason}
        elif reason:
            changes["status_note"] = reason
        # A stale version raises here and takes the new visit with it.
        record_update(visit, by=by, version=version, changes=changes, allowed=STATUS_FIELDS, family=family)
    return replacement
