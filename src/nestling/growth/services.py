"""The one way growth measurements are written: checked against the reference, once per client id, with
an audit row in the same transaction. A correction adds a row; it never edits the one it replaces."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import Child, subject_of
from nestling.families.validation import happened_errors
from nestling.growth.errors import MeasurementNeedsConfirmation
from nestling.growth.models import METHODS, Measurement, MeasurementKind, MeasurementPlace
from nestling.growth.plausibility import BOUNDS
from nestling.growth.selectors import Finding, calc_child, faltering, latest_measurements, measurement_rows
from nestling.growth.task_kinds import FALTERING_GROWTH
from nestling.growth.words import flagged_words, implausible_words, not_positive_words, too_precise_words
from nestling.records.errors import RecordInvalid
from nestling.records.writes import already_created, audit_create, insert_once
from nestling.tasks.kinds import TaskOutcome
from nestling.tasks.models import Task
from nestling.tasks.services import task_open, tasks_close_open


def _decimal(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.001"))


def measurement_errors(
    *, child: Child, kind: str, value: Decimal | float, measured_on: date, place: str
) -> dict[str, list[str]]:
    """Every reason this measurement cannot be recorded for this child, by field; empty when it can."""
    errors, _flagged = _measurement_check(
        child=child, kind=kind, value=value, measured_on=measured_on, place=place
    )
    return errors


def _unit(kind: str) -> str:
    return "kg" if kind == MeasurementKind.WEIGHT else "cm"


def _measurement_check(
    *, child: Child, kind: str, value: Decimal | float, measured_on: date, place: str
) -> tuple[dict[str, list[str]], str]:
    """The refusals by field, and the sentence saying why the value is beyond WHO's flags ("" if not)."""
    from nestling.growth import calc

    errors: dict[str, list[str]] = {}
    flagged = ""
    if kind not in METHODS:
        errors["kind"] = [_("Choose what was measured.")]
    if place not in MeasurementPlace.values:
        errors["place"] = [_("Choose where it was measured.")]
    if child.date_of_birth is None:
        errors[""] = [_("Record the birth before recording measurements.")]
        return errors, flagged
    # the record's date policy: measured by today, not before the birth (a red book's are back-entered)
    errors.update(happened_errors("measured_on", measured_on, born=child.date_of_birth))
    try:
        number = float(value)
    except (TypeError, ValueError, InvalidOperation):
        errors["value"] = [_("Enter a number.")]
        return errors, flagged
    if kind in METHODS:
        # What the value alone tells is said beside a wrong date, not once the date is put right.
        errors.update(_value_errors(kind=kind, value=value, number=number))
    subject = calc_child(child)
    if errors or subject is None:
        return errors, flagged
    method, posture = METHODS[kind]
    try:
        result = calc.assess(
            subject,
            method=calc.check_method(method),
            value=number,
            on=measured_on,
            reference=child.organization.growth_reference,
            posture="length" if posture == "length" else "height" if posture == "height" else None,
        )
    except calc.ImplausibleMeasurement as refusal:
        errors["value"] = [
            implausible_words(
                kind=kind,
                value=number,
                unit=_unit(kind),
                bounds=refusal.bounds,
                z=refusal.z,
                reference=child.organization.growth_reference,
            )
        ]
    except calc.OutsideReference:
        pass  # a real measurement the reference cannot place (a preterm baby before term on WHO)
    else:
        if result.who_flagged and result.z is not None:
            flagged = flagged_words(
                kind=kind,
                value=number,
                unit=_unit(kind),
                z=result.z,
                reference=child.organization.growth_reference,
            )
    return errors, flagged


def _value_errors(*, kind: str, value: Decimal | float, number: float) -> dict[str, list[str]]:
    """A value no measurement of this kind can have, whatever the child's age: zero or less, finer than
    the record keeps (three decimals), or beyond the hard bounds for a young child."""
    from nestling.growth import calc

    method = METHODS[kind][0]
    if math.isfinite(number) and number <= 0:
        return {"value": [not_positive_words(kind=kind, bounds=BOUNDS[method])]}
    if math.isfinite(number) and _decimal(value) != Decimal(str(value)):
        return {"value": [too_precise_words(kind=kind)]}
    try:
        calc.check_bounds(calc.check_method(method), number)
    except calc.ImplausibleMeasurement as refusal:
        words = implausible_words(
            kind=kind, value=number, unit=_unit(kind), bounds=refusal.bounds, z=None, reference=""
        )
        return {"value": [words]}
    return {}


SAME_DAY_CORRECT = "correct"
SAME_DAY_KEEP = "keep"


def _same_day_earlier(*, child: Child, kind: str, measured_on: date) -> Measurement | None:
    """The latest measurement of the same kind (length and height are one) on the same day, if any."""
    method = METHODS[kind][0]
    kinds = [k for k, (m, _posture) in METHODS.items() if m == method]
    return (
        Measurement.objects.latest_only()
        .filter(child=child, kind__in=kinds, measured_on=measured_on)
        .order_by("-created_at", "-pk")
        .first()
    )


def measurement_record(
    *,
    child: Child,
    by: User,
    kind: str,
    value: Decimal,
    measured_on: date,
    place: str = MeasurementPlace.HOME_SCALE,
    note: str = "",
    client_id: UUID | None = None,
    confirm_implausible: bool = False,
    same_day: str = "",
) -> Measurement:
    """Record a measurement of a born child. Impossible values and dates raise RecordInvalid.

    Asks before saving (MeasurementNeedsConfirmation, nothing saved): a value beyond WHO's flags for
    implausible z-scores, unless `confirm_implausible`; a second measurement of the same kind on the same
    day, unless `same_day` says whether it corrects the earlier one ("correct": the earlier is replaced
    and kept in the history, as by `measurement_correct`) or both are kept ("keep").
    A repeated submission with the same client id returns the row the first one made.
    """
    family = child.family
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(Measurement, family=family, client_id=client_id)
    if existing is not None:
        return existing
    errors, flagged = _measurement_check(
        child=child, kind=kind, value=value, measured_on=measured_on, place=place
    )
    if errors:
        raise RecordInvalid(errors)
    earlier = _same_day_earlier(child=child, kind=kind, measured_on=measured_on)
    if same_day not in ("", SAME_DAY_CORRECT, SAME_DAY_KEEP):
        raise RecordInvalid({"same_day": [_("Choose whether it corrects the earlier one or both are kept.")]})
    ask_same_day = earlier is not None and not same_day
    if (flagged and not confirm_implausible) or ask_same_day:
        raise MeasurementNeedsConfirmation(
            implausible=flagged if not confirm_implausible else "", earlier=earlier if ask_same_day else None
        )
    if earlier is not None and same_day == SAME_DAY_CORRECT:
        return measurement_correct(
            measurement=earlier,
            by=by,
            value=value,
            measured_on=measured_on,
            kind=kind,
            place=place,
            note=note or _("Measured again the same day; this replaces the earlier value."),
            client_id=client_id,
            confirm_implausible=True,
        )
    with transaction.atomic():
        measurement, created = insert_once(
            Measurement(
                organization_id=child.organization_id,
                child=child,
                kind=kind,
                value=_decimal(value),
                measured_on=measured_on,
                place=place,
                note=note.strip(),
                measured_by=by,
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            audit_create(by=by, record=measurement, family=family, detail={"child": str(child.uuid)})
            if kind == MeasurementKind.WEIGHT:
                faltering_task_raise(child=child, measurement=measurement, by=by)
            elif METHODS[kind][0] == "height":
                # a length or height can show the day's weight thin for it (wasting): only that is new
                wasting = [f for f in _faltering_findings(child) if f.rule == "wasting"]
                if wasting:
                    faltering_task_raise(child=child, measurement=measurement, by=by, findings=wasting)
    return measurement


FALTERING_FOLLOW_UP_DAYS = 7  # NICE NG75: faltering growth is assessed promptly, within about a week


def _faltering_findings(child: Child) -> list[Finding]:
    reference = child.organization.growth_reference
    rows = measurement_rows(child=child, measurements=latest_measurements(child=child), reference=reference)
    return faltering(child=child, rows=rows, reference=reference)


def faltering_task_raise(
    *, child: Child, measurement: Measurement, by: User, findings: list[Finding] | None = None
) -> None:
    """When a faltering-growth rule fires for the latest weight, raise a task saying which rule fired,
    unless one is already open for this child."""
    findings = _faltering_findings(child) if findings is None else findings
    if not findings:
        return
    already_open = Task.objects.filter(
        kind=FALTERING_GROWTH, measurement__child=child, done_at__isnull=True
    ).exists()
    if already_open:
        return
    family = child.family
    task_open(
        family=family,
        kind=FALTERING_GROWTH,
        text=_(
            "Faltering growth for %(name)s: %(findings)s Assess feeding and growth, and consider a referral."
        )
        % {"name": child.full_name, "findings": " ".join(f"{f.title}: {f.text}" for f in findings)},
        due_on=measurement.measured_on + timedelta(days=FALTERING_FOLLOW_UP_DAYS),
        by=by,
        source=measurement,
        subject=subject_of(child),
    )


def _chain(measurement: Measurement) -> list[int]:
    """The ids of a measurement and every row it replaced."""
    ids: list[int] = []
    current: Measurement | None = measurement
    while current is not None:
        ids.append(current.pk)
        current = current.supersedes
    return ids


def _faltering_recompute(*, child: Child, original: Measurement, corrected: Measurement, by: User) -> None:
    """A correction re-runs the faltering rules: an open task raised from the corrected chain closes by
    itself when no rule fires any more, and a rule that now fires raises one."""
    findings = _faltering_findings(child)
    if not findings:
        tasks_close_open(
            Task.objects.filter(kind=FALTERING_GROWTH, measurement__pk__in=_chain(original)),
            by=by,
            outcome=TaskOutcome.SOURCE_CORRECTED,
            note=_(
                "The measurement was corrected (%(before)s %(unit)s to %(after)s %(unit)s); no faltering "
                "rule fires any more."
            )
            % {
                "before": f"{float(original.value):g}",
                "after": f"{float(corrected.value):g}",
                "unit": corrected.unit,
            },
        )
        return
    faltering_task_raise(child=child, measurement=corrected, by=by, findings=findings)


def measurement_correct(
    *,
    measurement: Measurement,
    by: User,
    value: Decimal,
    measured_on: date,
    kind: str | None = None,
    place: str | None = None,
    note: str = "",
    client_id: UUID | None = None,
    confirm_implausible: bool = False,
) -> Measurement:
    """Replace a measurement with a corrected one; the original stays in the history, superseded.

    Only the latest row of a chain can be corrected (a stale correction is refused). A corrected value
    beyond WHO's flags asks for confirmation as a new one does.
    """
    child = measurement.child
    family = child.family
    existing = already_created(Measurement, family=family, client_id=client_id)
    if existing is not None:
        return existing
    kind = kind or measurement.kind
    place = place or measurement.place
    errors, flagged = _measurement_check(
        child=child, kind=kind, value=value, measured_on=measured_on, place=place
    )
    if errors:
        raise RecordInvalid(errors)
    if flagged and not confirm_implausible:
        raise MeasurementNeedsConfirmation(implausible=flagged)
    with transaction.atomic():
        original = Measurement.objects.select_for_update().get(pk=measurement.pk)
        if Measurement.objects.filter(supersedes=original).exists():
            raise RecordInvalid(
                {"": [_("This measurement has already been corrected; correct the latest one.")]}
            )
        corrected, created = insert_once(
            Measurement(
                organization_id=original.organization_id,
                child=child,
                kind=kind,
                value=_decimal(value),
                measured_on=measured_on,
                place=place,
                note=note.strip(),
                measured_by=by,
                supersedes=original,
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            _faltering_recompute(child=child, original=original, corrected=corrected, by=by)
            audit_record(
                actor=by,
                action=AuditAction.CHANGE,
                category="measurement",
                organization_id=family.organization_id,
                subject_type="measurement",
                subject_id=corrected.uuid,
                family_uuid=family.uuid,
                detail={
                    "supersedes": str(original.uuid),
                    "child": str(child.uuid),
                    "before": {
                        "kind": original.kind,
                        "value": str(original.value),
                        "measured_on": original.measured_on.isoformat(),
                    },
                    "after": {
                        "kind": kind,
                        "value": str(corrected.value),
                        "measured_on": measured_on.isoformat(),
                    },
                },
            )
    return corrected
