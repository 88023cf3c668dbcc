"""Who supervises whom: a program manager or the organization admin links a practitioner to a reflective
supervisor from a date, and ends the link. A supervisor reads their current supervisees' caseloads."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, current_q, require, roles_of
from nestling.accounts.models import Role, Supervision, User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.validation import happened_errors
from nestling.records.errors import RecordInvalid


def _audit(*, by: User, link: Supervision, what: str) -> None:
    audit_record(
        actor=by,
        action=AuditAction.CREATE if what == "started" else AuditAction.CHANGE,
        category="supervision",
        organization_id=link.organization_id,
        subject_type="user",
        subject_id=link.supervisee.uuid,
        detail={
            "supervision": what,
            "supervisor": str(link.supervisor.uuid),
            "starts_on": link.starts_on.isoformat(),
            "ends_on": link.ends_on.isoformat() if link.ends_on else None,
        },
    )


def supervision_start(
    *, by: User, supervisor: User | None, supervisee: User | None, starts_on: date | None
) -> Supervision:
    """Link a supervisee to a reflective supervisor from `starts_on` (today or earlier)."""
    require(by, Action.ASSIGNMENTS_MANAGE)
    errors: dict[str, list[str]] = {}
    for field, person in (("supervisor", supervisor), ("supervisee", supervisee)):
        if person is None or person.organization_id != by.organization_id or not person.is_active:
            errors[field] = [_("Choose an active staff member of your organization.")]
    if supervisor is not None and "supervisor" not in errors and Role.SUPERVISOR not in roles_of(supervisor):
        errors["supervisor"] = [_("%(name)s has no reflective supervisor role.") % {"name": supervisor}]
    if supervisor is not None and supervisee is not None and supervisor.pk == supervisee.pk:
        errors["supervisee"] = [_("A person cannot be their own supervisor.")]
    if starts_on is None:
        errors["starts_on"] = [_("Enter the date the supervision starts.")]
    else:
        errors.update(happened_errors("starts_on", starts_on))
    if errors:
        raise RecordInvalid(errors)
    assert supervisor is not None and supervisee is not None and starts_on is not None
    with transaction.atomic():
        if Supervision.objects.filter(current_q(), supervisor=supervisor, supervisee=supervisee).exists():
            raise RecordInvalid(
                {
                    "supervisee": [
                        _("%(who)s is already supervised by %(by)s.") % {"who": supervisee, "by": supervisor}
                    ]
                }
            )
        link = Supervision.objects.create(
            organization_id=by.organization_id,
            supervisor=supervisor,
            supervisee=supervisee,
            starts_on=starts_on,
        )
        _audit(by=by, link=link, what="started")
    return link


def supervision_end(*, by: User, link: Supervision, ends_on: date | None = None) -> Supervision:
    """End a supervision on `ends_on` (today by default): from the next day the supervisor no longer
    reads the supervisee's caseload."""
    require(by, Action.ASSIGNMENTS_MANAGE)
    if link.organization_id != by.organization_id:
        require(by, Action.ASSIGNMENTS_MANAGE, link)
    ends_on = ends_on or timezone.localdate()
    if ends_on < link.starts_on:
        raise RecordInvalid(
            {
                "ends_on": [
                    _("The supervision began on %(on)s; it cannot end before.")
                    % {"on": date_format(link.starts_on)}
                ]
            }
        )
    if link.ends_on is not None and link.ends_on <= ends_on:
        raise RecordInvalid({"": [_("This supervision has already ended.")]})
    with transaction.atomic():
        link.ends_on = ends_on
        link.save(update_fields=["ends_on"])
        _audit(by=by, link=link, what="ended")
    return link
