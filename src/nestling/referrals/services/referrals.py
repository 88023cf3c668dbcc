"""Referring one of the three patients to a service, and following the referral to its end.

A referral shares only what a consent in force allows (42 CFR Part 2 data only with its own consent); its
dates follow the date policy; every status it passes through is a row of its own with who set it and
when; while it is open, one task on the worklist asks to chase it, due the day first contact is expected,
and that task follows every correction and closes when the referral does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require, require_category
from nestling.accounts.models import User
from nestling.families.models import Consent, ConsentKind, Family, Subject
from nestling.families.selectors import consent_active
from nestling.families.validation import referral_date_errors, referral_status_errors
from nestling.formulation.models import AxisFourStressor, AxisOneDiagnosis
from nestling.records.errors import RecordInvalid
from nestling.records.writes import already_created, audit_create, insert_once, record_update
from nestling.referrals.follow_up import follow_up_sync
from nestling.referrals.models import (
    Domain,
    LocalService,
    Referral,
    ReferralStatus,
    ServiceKind,
    Shared,
    Status,
    Urgency,
)
from nestling.referrals.rules import CLOSING, domain_for_instrument, next_statuses, referral_category
from nestling.screening.models import SafetyAlert, ScreeningResult
from nestling.tasks.kinds import TaskOutcome
from nestling.tasks.models import Task
from nestling.tasks.services import task_close

Errors = dict[str, list[str]]


@dataclass
class ReferralDraft:
    """What a referral says: the service (from the directory, or named), why, what need it answers, how
    soon, when, what prompted it, and what is shared under which consents."""

    subject: Subject
    reason: str
    referred_on: date
    expected_by: date
    service: LocalService | None = None
    service_name: str = ""
    service_kind: str = ""
    domain: str = ""
    urgency: str = Urgency.ROUTINE
    from_result: ScreeningResult | None = None
    from_alert: SafetyAlert | None = None
    from_diagnosis: AxisOneDiagnosis | None = None
    from_stressor: AxisFourStressor | None = None
    shared: list[str] = field(default_factory=list)
    consent: Consent | None = None
    part2_consent: Consent | None = None


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _prompted_on(draft: ReferralDraft) -> date | None:
    """The day of what prompted the referral: the screen's, the alert's, or the formulation version's."""
    if draft.from_result is not None:
        return draft.from_result.administered_on
    if draft.from_alert is not None:
        return timezone.localdate(draft.from_alert.raised_at)
    finding = draft.from_diagnosis or draft.from_stressor
    return finding.version.formulated_on if finding is not None else None


def _prompt_errors(errors: Errors, draft: ReferralDraft, family: Family) -> None:
    result, alert = draft.from_result, draft.from_alert
    if result is not None and (result.family_id != family.pk or result.is_entered_in_error):
        _add(errors, "from_result", _("Choose a screen of this family that was not entered in error."))
    if alert is not None and alert.family_id != family.pk:
        _add(errors, "from_alert", _("Choose a safety alert of this family."))
    for name, finding in (("from_diagnosis", draft.from_diagnosis), ("from_stressor", draft.from_stressor)):
        if finding is not None and finding.version.formulation.family_id != family.pk:
            _add(errors, name, _("Choose a finding of this family's formulation."))
    if draft.from_diagnosis is not None and draft.from_stressor is not None:
        _add(errors, "from_stressor", _("Choose one formulation finding."))


def _consent_in_force(consent: Consent | None, *, kind: str, family: Family, on: date) -> bool:
    return (
        consent is not None
        and consent.family_id == family.pk
        and consent.kind == kind
        and consent_active(family=family, kind=kind, on=on).filter(pk=consent.pk).exists()
    )


def sharing_errors(draft: ReferralDraft, *, family: Family, on: date) -> Errors:
    """What is shared, against the consents in force on `on`: anything shared needs a consent to share
    information; substance use information also needs its own 42 CFR Part 2 consent."""
    errors: Errors = {}
    shared = set(draft.shared)
    if shared - set(Shared.values):
        _add(errors, "shared", _("Choose what is shared from the list."))
    if Shared.SCREENING in shared and draft.from_result is None and draft.from_alert is None:
        _add(errors, "shared", _("No screen prompted this referral: there is no screen to share."))
    if Shared.FORMULATION in shared and draft.from_diagnosis is None and draft.from_stressor is None:
        _add(errors, "shared", _("No formulation finding prompted this referral: there is none to share."))
    if shared and not _consent_in_force(draft.consent, kind=ConsentKind.DATA_SHARING, family=family, on=on):
        _add(
            errors,
            "consent",
            _(
                "Sharing anything needs the family's consent to share information, in force on %(on)s. "
                "Record the consent first, or share nothing."
            )
            % {"on": on.strftime("%d %b %Y")},
        )
    if Shared.SUBSTANCE_USE in shared and not _consent_in_force(
        draft.part2_consent, kind=ConsentKind.PART2, family=family, on=on
    ):
        _add(
            errors,
            "part2_consent",
            _(
                "Substance use information goes only with its own 42 CFR Part 2 consent, in force on "
                "%(on)s. Choose it, or leave substance use information out."
            )
            % {"on": on.strftime("%d %b %Y")},
        )
    return errors


def referral_errors(draft: ReferralDraft, *, family: Family, organization_id: int, new: bool) -> Errors:
    """Every problem with a referral at once, by field; empty when it can be saved."""
    errors: Errors = {}
    if draft.subject.family_id != family.pk:
        _add(errors, "about", _("Choose a caregiver, child or relationship of this family."))
    service = draft.service
    if service is None and not draft.service_name.strip():
        _add(errors, "service", _("Choose a service from the directory, or name one that is not in it."))
    if service is not None and (service.organization_id != organization_id or (new and not service.active)):
        _add(errors, "service", _("Choose a service your organization refers to."))
    if service is None and draft.service_kind not in ServiceKind.values:
        _add(errors, "service_kind", _("Say what kind of service it is."))
    if not draft.reason.strip():
        _add(errors, "reason", _("Say why the referral is made."))
    if draft.domain not in Domain.values:
        _add(errors, "domain", _("Choose what need the referral answers."))
    if draft.urgency not in Urgency.values:
        _add(errors, "urgency", _("Choose how urgent it is."))
    _prompt_errors(errors, draft, family)
    for name, problems in referral_date_errors(
        referred_on=draft.referred_on, expected_by=draft.expected_by, prompted_on=_prompted_on(draft)
    ).items():
        errors.setdefault(name, []).extend(problems)
    for name, problems in sharing_errors(draft, family=family, on=draft.referred_on).items():
        errors.setdefault(name, []).extend(problems)
    return errors


def _completed(draft: ReferralDraft) -> ReferralDraft:
    """The draft with what follows from it: the alert's screen, the domain the screen answers, the
    service's kind."""
    if draft.from_alert is not None and draft.from_result is None:
        draft.from_result = draft.from_alert.result
    if not draft.domain and draft.from_result is not None:
        draft.domain = domain_for_instrument(draft.from_result.instrument)
    if draft.service is not None:
        draft.service_kind = draft.service.kind
        draft.service_name = ""
    draft.shared = list(dict.fromkeys(draft.shared))
    return draft


def _category(draft: ReferralDraft) -> str:
    prompted = draft.from_result.sensitive_category if draft.from_result is not None else ""
    return referral_category(service_kind=draft.service_kind, shared=draft.shared, prompted_by=prompted)


def _status_row(referral: Referral, *, status: str, on: date, note: str, by: User) -> ReferralStatus:
    return ReferralStatus.objects.create(
        referral=referral,
        organization_id=referral.organization_id,
        status=status,
        on=on,
        note=note,
        set_by=by,
        set_at=timezone.now(),
    )


def referral_create(
    *,
    family: Family,
    by: User,
    draft: ReferralDraft,
    send: bool = False,
    client_id: UUID | None = None,
    follow_up_task: Task | None = None,
) -> Referral:
    """Make a referral (a draft, or `send`: sent on its date). RecordInvalid names every problem; nothing
    is saved then. A repeated submission with the same client id returns the referral the first made.

    With `follow_up_task` (a positive screen's follow-up), that task closes as "referral made", linked to
    this referral, in the same transaction."""
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(Referral, family=family, client_id=client_id)
    if existing is not None:
        return existing
    draft = _completed(draft)
    errors = referral_errors(draft, family=family, organization_id=family.organization_id, new=True)
    if follow_up_task is not None and (follow_up_task.family_id != family.pk or not follow_up_task.is_open):
        _add(errors, "", _("That follow-up task is already closed: make the referral without it."))
    if errors:
        raise RecordInvalid(errors)
    category = _category(draft)
    require_category(by, category, family, action="referral.create", subject_type="referral")
    status = Status.SENT if send else Status.DRAFT
    with transaction.atomic():
        referral, created = insert_once(
            Referral(
                organization_id=family.organization_id,
                family=family,
                subject=draft.subject,
                service=draft.service,
                service_name=draft.service_name.strip(),
                service_kind=draft.service_kind,
                reason=draft.reason.strip(),
                domain=draft.domain,
                urgency=draft.urgency,
                referred_on=draft.referred_on,
                expected_by=draft.expected_by,
                from_result=draft.from_result,
                from_alert=draft.from_alert,
                from_diagnosis=draft.from_diagnosis,
                from_stressor=draft.from_stressor,
                shared=draft.shared,
                consent=draft.consent if draft.shared else None,
                part2_consent=draft.part2_consent if Shared.SUBSTANCE_USE in draft.shared else None,
                status=status,
                status_on=draft.referred_on,
                follow_up_task=follow_up_task,
                sensitive_category=category,
                client_id=client_id,
                created_by=by,
            )
        )
        if not created:
            return referral
        audit_create(
            by=by,
            record=referral,
            family=family,
            detail={"status": status, "domain": draft.domain, "shared": draft.shared},
        )
        _status_row(referral, status=Status.DRAFT, on=draft.referred_on, note="", by=by)
        if send:
            _status_row(referral, status=Status.SENT, on=draft.referred_on, note="", by=by)
        follow_up_sync(referral, by=by)
        if follow_up_task is not None:
            task_close(
                task=follow_up_task,
                by=by,
                outcome=TaskOutcome.REFERRAL_MADE,
                note=_("Referred to %(service)s.") % {"service": referral.service_label},
                version=follow_up_task.version,
                extra={"referral": referral},
            )
    return referral


EDITABLE = frozenset(
    {
        "reason",
        "domain",
        "urgency",
        "referred_on",
        "expected_by",
        "shared",
        "consent",
        "part2_consent",
        "sensitive_category",
    }
)


def referral_update(
    *,
    referral: Referral,
    by: User,
    version: int,
    reason: str,
    domain: str,
    urgency: str,
    referred_on: date,
    expected_by: date,
    shared: list[str],
    consent: Consent | None,
    part2_consent: Consent | None,
) -> Referral:
    """Correct a referral from the version the editor read (StaleEdit names the other change). A new
    expected date moves its follow-up task."""
    family = referral.family
    require(by, Action.FAMILY_EDIT, family)
    require_category(
        by,
        referral.sensitive_category,
        family,
        action="referral.change",
        subject_type="referral",
        subject_id=referral.uuid,
    )
    if referral.is_closed:
        raise RecordInvalid({"": [_("This referral is closed: it is no longer changed.")]})
    draft = ReferralDraft(
        subject=referral.subject,
        reason=reason,
        referred_on=referred_on,
        expected_by=expected_by,
        service=referral.service,
        service_name=referral.service_name,
        service_kind=referral.service_kind,
        domain=domain,
        urgency=urgency,
        from_result=referral.from_result,
        from_alert=referral.from_alert,
        from_diagnosis=referral.from_diagnosis,
        from_stressor=referral.from_stressor,
        shared=list(dict.fromkeys(shared)),
        consent=consent,
        part2_consent=part2_consent,
    )
    errors = referral_errors(draft, family=family, organization_id=family.organization_id, new=False)
    first_status = (
        referral.statuses.exclude(status=Status.DRAFT).order_by("on").values_list("on", flat=True).first()
    )
    if first_status is not None and referred_on > first_status:
        _add(
            errors,
            "referred_on",
            _("The referral was sent on %(on)s: it was made on or before then.")
            % {"on": first_status.strftime("%d %b %Y")},
        )
    if errors:
        raise RecordInvalid(errors)
    category = _category(draft)
    require_category(
        by, category, family, action="referral.change", subject_type="referral", subject_id=referral.uuid
    )
    changes: dict[str, Any] = {
        "reason": reason.strip(),
        "domain": domain,
        "urgency": urgency,
        "referred_on": referred_on,
        "expected_by": expected_by,
        "shared": draft.shared,
        "consent": consent if draft.shared else None,
        "part2_consent": part2_consent if Shared.SUBSTANCE_USE in draft.shared else None,
        "sensitive_category": category,
    }
    with transaction.atomic():
        updated, _before = record_update(
            referral, by=by, version=version, changes=changes, allowed=EDITABLE, family=family
        )
        follow_up_sync(updated, by=by)
    return updated


def referral_status_set(
    *,
    referral: Referral,
    by: User,
    version: int,
    status: str,
    on: date,
    note: str = "",
    expected_by: date | None = None,
) -> Referral:
    """Record the referral's next status on the day it happened (`on`), with who set it. An ending
    (first contact made, declined by the service, could not reach, the family declined) closes the
    referral, says how it ended, and closes its follow-up task; `expected_by` moves the date its next
    step is expected (an appointment's date, say), and the task with it."""
    family = referral.family
    require(by, Action.FAMILY_EDIT, family)
    require_category(
        by,
        referral.sensitive_category,
        family,
        action="referral.status",
        subject_type="referral",
        subject_id=referral.uuid,
    )
    note = note.strip()
    errors: Errors = {}
    if referral.is_closed:
        raise RecordInvalid(
            {"": [_("This referral is closed: %(how)s.") % {"how": referral.get_status_display()}]}
        )
    if status not in next_statuses(referral.status):
        _add(errors, "status", _("Choose what happened next, from the list."))
    errors.update(referral_status_errors("on", on, referred_on=max(referral.referred_on, referral.status_on)))
    if status in (Status.DECLINED_BY_SERVICE, Status.COULD_NOT_REACH, Status.FAMILY_DECLINED) and not note:
        _add(errors, "note", _("Say how it ended, for whoever picks this up next."))
    if expected_by is not None and status not in CLOSING:
        for name, problems in referral_date_errors(
            referred_on=referral.referred_on, expected_by=expected_by, prompted_on=None
        ).items():
            if name == "expected_by":
                errors.setdefault(name, []).extend(problems)
    if errors:
        raise RecordInvalid(errors)
    changes: dict[str, Any] = {"status": status, "status_on": on}
    if status in CLOSING:
        changes |= {"closed_on": on, "closing_note": note}
    elif expected_by is not None:
        changes["expected_by"] = expected_by
    with transaction.atomic():
        updated, _before = record_update(
            referral,
            by=by,
            version=version,
            changes=changes,
            allowed=frozenset({"status", "status_on", "closed_on", "closing_note", "expected_by"}),
            family=family,
        )
        _status_row(updated, status=status, on=on, note=note, by=by)
        follow_up_sync(updated, by=by)
    return updated


def referral_close_at_discharge(*, referral: Referral, by: User, on: date, reason: str) -> Referral:
    """A discharge closes an open referral as it stands, saying so (its status stays what it was)."""
    note = _("Closed at the family's discharge: %(reason)s") % {"reason": reason}
    with transaction.atomic():
        updated, _before = record_update(
            referral,
            by=by,
            version=referral.version,
            changes={"closed_on": on, "closing_note": note[:1000]},
            allowed=frozenset({"closed_on", "closing_note"}),
            family=referral.family,
        )
        follow_up_sync(updated, by=by)
    return updated
