"""Reads for the growth pages: a child's latest measurements placed on the organization's reference, and
the faltering-growth findings for the latest weight.

calc and faltering are imported inside the functions: rcpchgrowth takes seconds to import, and only the
growth pages need it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nestling.families.models import Child
from nestling.growth.models import METHODS, Measurement, MeasurementKind

if TYPE_CHECKING:
    from nestling.growth import calc

# `calc` (rcpchgrowth and its reference tables) takes seconds to import; it is loaded on first use, not
# when every process starts.


@dataclass(frozen=True)
class MeasurementRow:
    """One measurement as the history table shows it."""

    measurement: Measurement
    age_days: int
    corrected_age_days: int | None  # the age the reference was read at, when it differs
    z: float | None
    centile: float | None
    needs_check: bool
    note: str  # why there is no z-score, when there is none
    corrected: bool  # this row replaces an earlier one


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    text: str


def calc_child(child: Child) -> calc.Child | None:
    """The child as the growth calculations see it; None when sex or birth date is not known."""
    from nestling.families.age import Gestation
    from nestling.growth import calc

    if child.date_of_birth is None or child.sex not in calc.SEXES:
        return None
    gestation = None
    if child.gestation_weeks is not None:
        gestation = Gestation(child.gestation_weeks, child.gestation_days or 0)
    return calc.Child(sex=calc.check_sex(child.sex), birth_date=child.date_of_birth, gestation=gestation)


def latest_measurements(*, child: Child) -> list[Measurement]:
    """The child's measurements that no correction has replaced, oldest first (one query)."""
    return list(
        Measurement.objects.latest_only()
        .filter(child=child, organization_id=child.organization_id)
        .select_related("measured_by", "supersedes")
        .order_by("measured_on", "created_at", "pk")
    )


def measurement_rows(
    *, child: Child, measurements: list[Measurement], reference: str
) -> list[MeasurementRow]:
    """Each measurement with its z-score and centile on `reference`, read at corrected age where
    rcpchgrowth uses it."""
    from django.utils.translation import gettext as _

    from nestling.growth import calc

    subject = calc_child(child)
    rows = []
    for measurement in measurements:
        assert child.date_of_birth is not None
        age_days = (measurement.measured_on - child.date_of_birth).days
        z = centile = None
        corrected_age: int | None = None
        needs_check = False
        note = ""
        if subject is None:
            note = _("Record the child's sex to see z-scores.")
        else:
            method, posture = METHODS[measurement.kind]
            try:
                result = calc.assess(
                    subject,
                    method=calc.check_method(method),
                    value=float(measurement.value),
                    on=measurement.measured_on,
                    reference=reference,
                    posture="length" if posture == "length" else "height" if posture == "height" else None,
                )
            except calc.OutsideReference:
                note = _("The reference has no data at this age.")
            except calc.GrowthError:
                note = _("This value cannot be placed on the reference; check it.")
            else:
                z, centile, needs_check = result.z, result.centile, result.needs_check
                corrected_age = result.corrected_age_days if result.corrected_age_used else None
        rows.append(
            MeasurementRow(
                measurement=measurement,
                age_days=age_days,
                corrected_age_days=corrected_age,
                z=z,
                centile=centile,
                needs_check=needs_check,
                note=note,
                corrected=measurement.supersedes_id is not None,
            )
        )
    return rows


@dataclass(frozen=True)
class WeightForLengthRow:
    """A weight and a length (or height) taken on the same day, on WHO's weight-for-length/height."""

    weight: MeasurementRow
    stature: MeasurementRow
    against: str  # "length" before 24 months, "height" after
    against_cm: float | None  # the length/height the weight was read against (posture shifted)
    z: float | None
    centile: float | None
    needs_check: bool
    note: str


def weight_for_length_rows(*, child: Child, rows: list[MeasurementRow]) -> list[WeightForLengthRow]:
    """For each day with a weight and a length or height (the latest of each that day), the weight for
    that length on WHO's tables, oldest first. Empty without a recorded sex."""
    from django.utils.translation import gettext as _

    from nestling.growth import calc

    subject = calc_child(child)
    if subject is None:
        return []
    by_day: dict[object, dict[str, MeasurementRow]] = {}
    for row in rows:
        kind = row.measurement.kind
        slot = (
            "weight" if kind == MeasurementKind.WEIGHT else "stature" if METHODS[kind][0] == "height" else ""
        )
        if slot:
            by_day.setdefault(row.measurement.measured_on, {})[slot] = row
    found = []
    for pair in by_day.values():
        if "weight" not in pair or "stature" not in pair:
            continue
        weight, stature = pair["weight"], pair["stature"]
        posture = METHODS[stature.measurement.kind][1]
        against, against_cm, z, centile, needs_check, note = "", None, None, None, False, ""
        try:
            result = calc.weight_for_length(
                subject,
                weight_kg=float(weight.measurement.value),
                stature_cm=float(stature.measurement.value),
                posture="length" if posture == "length" else "height" if posture == "height" else None,
                age_days=stature.age_days,
                lookup_age_days=stature.corrected_age_days
                if stature.corrected_age_days is not None
                else stature.age_days,
            )
        except calc.OutsideReference:
            note = _("WHO's weight-for-length covers lengths of 45 to 110 cm, and heights of 65 to 120 cm.")
        except calc.GrowthError:
            note = _("This pair cannot be placed on the reference; check both values.")
        else:
            against, against_cm = result.against or "", result.against_cm
            z, centile, needs_check = result.z, result.centile, result.needs_check
        found.append(
            WeightForLengthRow(
                weight=weight,
                stature=stature,
                against=against,
                against_cm=against_cm,
                z=z,
                centile=centile,
                needs_check=needs_check,
                note=note,
            )
        )
    return found


def faltering(*, child: Child, rows: list[MeasurementRow], reference: str) -> list[Finding]:
    """The NICE NG75 rules that fire for the latest weight, judged against the birth weight, and WHO's
    wasting when that weight has a length or height of the same day."""
    from nestling.growth import calc
    from nestling.growth import faltering as rules
    from nestling.growth.words import RULE_TITLES, finding_words

    weights = [row for row in rows if row.measurement.kind == MeasurementKind.WEIGHT]
    if not weights:
        return []
    latest = weights[-1]
    current = rules.WeightObservation(
        age_days=latest.age_days, kg=float(latest.measurement.value), z=latest.z
    )
    subject = calc_child(child)
    found: list[rules.Finding] = []
    if child.birth_weight_grams and subject is not None and child.date_of_birth is not None:
        birth_kg = child.birth_weight_grams / 1000
        birth_z: float | None
        try:
            birth_z = calc.assess(
                subject, method="weight", value=birth_kg, on=child.date_of_birth, reference=reference
            ).z
        except calc.GrowthError:
            birth_z = None
        birth = rules.WeightObservation(age_days=0, kg=birth_kg, z=birth_z)
        found = rules.faltering_findings(birth=birth, current=current)
    else:
        below = rules.below_2nd_centile(current)
        found = [below] if below is not None else []
    same_day = [
        pair
        for pair in weight_for_length_rows(child=child, rows=rows)
        if pair.weight.measurement.pk == latest.measurement.pk
    ]
    if same_day:
        thin = rules.wasting(z=same_day[0].z, against=same_day[0].against)
        if thin is not None:
            found.append(thin)
    return [
        Finding(
            rule=f.rule, title=str(RULE_TITLES[f.rule]), text=finding_words(f.message_id, f.params, f.text)
        )
        for f in found
    ]
