"""Episodes of care and their place on the service continuum."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.families import dates
from nestling.families.contributions import dates_corrected
from nestling.families.models import Caregiver, Child, Enrollment, Family, ServiceLevelChange
from nestling.families.validation import Errors, date_errors, enrollment_errors, happened_errors
from nestling.organizations.models import Program
from nestling.records.errors import RecordInvalid
from nestling.records.writes import already_created, audit_create, insert_once, record_update

ENROLLMENT_FIELDS = frozenset(
    {
        "enrolled_on",
        "referral_source",
        "referral_detail",
        "service_level",
        "discharged_on",
        "discharge_reason",
        "discharge_note",
    }
)


def _children_errors(family: Family, enrolled_on: date | None) -> Errors:
    births = [
        born
        for born in Child.objects.filter(family=family).values_list("date_of_birth", flat=True)
        if born is not None
    ]
    expecting = (
        Child.objects.filter(family=family, date_of_birth__isnull=True).exists()
        or Caregiver.objects.filter(family=family, pregnancy_due_date__isnull=False).exists()
    )
    problems = dates.enrolled_children(enrolled_on, births=births, expecting=expecting)
    return date_errors("enrolled_on", problems)


def enrollment_create(
    *,
    family: Family,
    by: User,
    program: Program,
    enrolled_on: date,
    referral_source: str,
    service_level: str,
    referral_detail: str = "",
    client_id: UUID | None = None,
) -> Enrollment:
    """Enroll the family in a program. A family discharged from the program before is re-enrolled: the
    new episode points at the last one. Refused while an episode in the same program is open."""
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(Enrollment, family=family, client_id=client_id)
    if existing is not None:
        return existing
    errors = enrollment_errors({"enrolled_on": enrolled_on})
    if "enrolled_on" not in errors:
        errors.update(_children_errors(family, enrolled_on))
    if program.organization_id != family.organization_id:
        errors.setdefault("program", []).append(_("Choose a program of your organization."))
    episodes = list(Enrollment.objects.filter(family=family, program=program).order_by("-enrolled_on", "-pk"))
    if any(e.is_open for e in episodes):
        errors.setdefault("", []).append(_("The family is already enrolled in this program."))
    previous = episodes[0] if episodes else None
    if previous is not None and previous.discharged_on and enrolled_on < previous.discharged_on:
        errors.setdefault("enrolled_on", []).append(
            _("Re-enrollment cannot be before the last discharge (%(date)s).")
            % {"date": previous.discharged_on}
        )
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        enrollment, created = insert_once(
            Enrollment(
                organization_id=family.organization_id,
                family=family,
                program=program,
                enrolled_on=enrolled_on,
                referral_source=referral_source,
                referral_detail=referral_detail.strip(),
                service_level=service_level,
                previous=previous,
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            ServiceLevelChange.objects.create(
                organization_id=family.organization_id,
                enrollment=enrollment,
                level=service_level,
                changed_on=enrolled_on,
                changed_by=by,
            )
            audit_create(
                by=by,
                record=enrollment,
                family=family,
                detail={"reenrollment_of": str(previous.uuid)} if previous is not None else None,
            )
    return enrollment


def _discharge_change_errors(enrollment: Enrollment, changes: dict[str, Any]) -> Errors:
    errors: Errors = {}
    if "discharged_on" not in changes or changes["discharged_on"] == enrollment.discharged_on:
        return errors
    if enrollment.is_open:
        errors["discharged_on"] = [
            _(
                "Discharge the family from its own page: it asks what to do with their open tasks, visits "
                "and screens."
            )
        ]
    elif changes["discharged_on"] is None:
        errors["discharged_on"] = [
            _("A discharge is not undone: to work with the family again, enroll them again.")
        ]
    else:
        after = Enrollment.objects.filter(previous=enrollment).order_by("enrolled_on").first()
        if after is not None and changes["discharged_on"] > after.enrolled_on:
            errors["discharged_on"] = [
                _("The family was enrolled again on %(on)s: the discharge is on or before that day.")
                % {"on": date_format(after.enrolled_on, "j M Y")}
            ]
    return errors


def enrollment_update(
    *,
    enrollment: Enrollment,
    by: User,
    version: int,
    level_changed_on: date | None = None,
    level_reason: str = "",
    **changes: Any,
) -> Enrollment:
    """Change an episode: its service level (kept as history), details, or — once discharged — the
    discharge's date, reason and summary. An open episode is discharged by `enrollment_discharge`, which
    asks about the family's open items; a discharge is not undone (the family is enrolled again)."""
    require(by, Action.FAMILY_EDIT, enrollment.family)
    values = {name: getattr(enrollment, name) for name in ENROLLMENT_FIELDS} | changes
    errors = enrollment_errors(values)
    errors.update(_discharge_change_errors(enrollment, changes))
    if "enrolled_on" in changes and "enrolled_on" not in errors:
        errors.update(_children_errors(enrollment.family, values["enrolled_on"]))
    changed_on = level_changed_on or timezone.localdate()
    level_changes = "service_level" in changes and changes["service_level"] != enrollment.service_level
    if level_changes:
        # a change of level is recorded when it happens: not ahead, not before the episode began
        errors.update(
            happened_errors(
                "level_changed_on",
                changed_on,
                not_before=values["enrolled_on"],
                not_before_code="before_enrollment",
            )
        )
    redated = "enrolled_on" in changes and changes["enrolled_on"] != enrollment.enrolled_on
    if redated and "enrolled_on" not in errors:
        later = (
            ServiceLevelChange.objects.filter(enrollment=enrollment, changed_on__lt=values["enrolled_on"])
            .order_by("changed_on", "pk")[1:]
            .first()
        )
        if later is not None:
            errors.setdefault("enrolled_on", []).append(
                _("The service level changed on %(date)s, before this date: enter a date on or before it.")
                % {"date": date_format(later.changed_on, "j M Y")}
            )
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        updated, before = record_update(
            enrollment,
            by=by,
            version=version,
            changes=changes,
            allowed=ENROLLMENT_FIELDS,
            family=enrollment.family,
        )
        if "enrolled_on" in before:
            # the history of levels starts when the episode does
            first = ServiceLevelChange.objects.filter(enrollment=updated).order_by("changed_on", "pk").first()
            if first is not None:
                first.changed_on = updated.enrolled_on
                first.save(update_fields=["changed_on"])
            dates_corrected(by=by, family=updated.family, what="enrollment")
        if "service_level" in before:
            ServiceLevelChange.objects.create(
                organization_id=updated.organization_id,
                enrollment=updated,
                level=updated.service_level,
                changed_on=changed_on,
                reason=level_reason.strip(),
                changed_by=by,
            )
    return updated
