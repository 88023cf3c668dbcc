"""z-scores and centiles for a child's measurements: a thin typed wrapper over rcpchgrowth.

rcpchgrowth holds the WHO 2006/2007, UK-WHO and CDC LMS tables and decides corrected age; this module
only checks input, calls it, and turns its error strings and out-of-range results into typed domain
errors with one-line messages. Pure Python: no Django import.
"""

from __future__ import annotations

import contextlib
import io
import math
from dataclasses import dataclass
from datetime import date
from statistics import NormalDist
from typing import Any, Literal, get_args

from rcpchgrowth import Measurement

from nestling.families.age import TERM_DAYS, AgeError, Gestation, chronological_age_days
from nestling.growth import weight_for_length as wfl_tables
from nestling.growth.plausibility import BOUNDS, CHECK_Z, IMPLAUSIBLE_BMI_Z, IMPLAUSIBLE_Z, outside_who_flags

Reference = Literal["who", "uk-who", "cdc"]
Sex = Literal["female", "male"]
Method = Literal["weight", "height", "head_circumference", "bmi", "weight_for_length"]
Posture = Literal["length", "height"]

REFERENCES: tuple[Reference, ...] = get_args(Reference)
SEXES: tuple[Sex, ...] = get_args(Sex)
DEFAULT_REFERENCE: Reference = "who"

LIBRARY_METHODS: dict[Method, str] = {
    "weight": "weight",
    "height": "height",
    "head_circumference": "ofc",
    "bmi": "bmi",
}
_METHOD_WORDS: dict[Method, str] = {
    "weight": "weight",
    "height": "length/height",
    "head_circumference": "head circumference",
    "bmi": "BMI",
    "weight_for_length": "weight-for-length/height",
}
_UNITS: dict[Method, str] = {
    "weight": "kg",
    "height": "cm",
    "head_circumference": "cm",
    "bmi": "kg/m²",
    "weight_for_length": "kg",
}
_REFERENCE_NAMES: dict[Reference, str] = {"who": "WHO", "uk-who": "UK-WHO", "cdc": "CDC"}

# WHO measures lying length before 2 years and standing height from 2 years; a standing height is about
# 0.7 cm less than a lying length. Following the WHO method (as WHO Anthro does) a measurement taken in
# the "wrong" posture is shifted by 0.7 cm before comparison. UK-WHO uses the WHO 2006 data across that
# switch; CDC publishes no such rule, so CDC values are used as measured.
LENGTH_HEIGHT_DIFFERENCE_CM = 0.7
LENGTH_BEFORE_YEARS = 2.0
_POSTURE_ADJUSTED_REFERENCES: tuple[Reference, ...] = ("who", "uk-who")

_DAYS_PER_YEAR = 365.25  # rcpchgrowth's decimal age is days / 365.25


class GrowthError(ValueError):
    """A growth calculation that cannot be made; `str(error)` is one line for the user."""


class InvalidGrowthInput(GrowthError):
    """Unknown sex, reference or posture, or an impossible gestation."""


class MeasurementBeforeBirth(GrowthError):
    """The measurement date is before the birth date."""


class ImplausibleMeasurement(GrowthError):
    """The value is outside the hard bounds or too many SDs from the median to be real.

    `bounds` is set when the hard bounds refused it, `z` when the reference did: a UI can say it in its
    own language.
    """

    def __init__(
        self, message: str, *, bounds: tuple[float, float] | None = None, z: float | None = None
    ) -> None:
        super().__init__(message)
        self.bounds = bounds
        self.z = z


class OutsideReference(GrowthError):
    """The chosen reference has no data for this measurement at this age."""

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail  # rcpchgrowth's own wording, for logs


@dataclass(frozen=True)
class Child:
    sex: Sex
    birth_date: date
    gestation: Gestation | None = None  # at birth; None is taken as term (40+0)

    def __post_init__(self) -> None:
        check_sex(self.sex)


@dataclass(frozen=True)
class GrowthResult:
    """One measurement placed on a reference.

    `z` and `centile` are None only for a derived BMI the reference has no data for at this age (see
    `note`); a measurement that was given and cannot be assessed raises instead.
    """

    method: Method
    value: float  # as measured (BMI: derived from weight and length/height)
    assessed_value: float  # after the WHO length/height adjustment; otherwise equal to value
    z: float | None
    centile: float | None
    reference: Reference
    age_days: int
    corrected_age_days: int  # the age the reference was read at
    corrected_age_used: bool
    needs_check: bool = False  # beyond ±4 SD: plausible but worth measuring again
    note: str | None = None
    who_flagged: bool = False  # beyond WHO's flag for implausible values: saved only once confirmed
    # weight-for-length/height only: the length (or height) the weight was read against, and which table
    against_cm: float | None = None
    against: Posture | None = None


def check_reference(reference: str) -> Reference:
    for known in REFERENCES:
        if reference == known:
            return known
    raise InvalidGrowthInput(f"Reference must be one of {', '.join(REFERENCES)}, not {reference!r}.")


def check_sex(sex: str) -> Sex:
    for known in SEXES:
        if sex == known:
            return known
    raise InvalidGrowthInput(f"Sex must be one of {', '.join(SEXES)}, not {sex!r}.")


def check_method(method: str) -> Method:
    for known in LIBRARY_METHODS:
        if method == known:
            return known
    raise InvalidGrowthInput(f"Unknown measurement {method!r}.")


def check_bounds(method: Method, value: float) -> None:
    """Refuse a weight, length/height or head circumference outside the hard bounds."""
    if not math.isfinite(value):
        raise ImplausibleMeasurement(f"The {_METHOD_WORDS[method]} must be a number.")
    low, high = BOUNDS.get(method, (0.0, math.inf))
    if not low <= value <= high:
        raise ImplausibleMeasurement(
            f"A {_METHOD_WORDS[method]} of {value:g} {_UNITS[method]} is implausible "
            f"(expected {low:g}–{high:g} {_UNITS[method]}); check the value and its units.",
            bounds=(low, high),
        )


def assess(
    child: Child,
    *,
    method: Method,
    value: float,
    on: date,
    reference: str = DEFAULT_REFERENCE,
    posture: Posture | None = None,
) -> GrowthResult:
    """Place one measurement taken on `on` on the reference, at corrected age as rcpchgrowth decides.

    `posture` says how a length/height was taken ("length" lying, "height" standing); None means the
    posture WHO expects at that age. Raises a `GrowthError` subclass when it cannot be assessed.
    """
    ref = check_reference(reference)
    method = check_method(method)
    if posture is not None and posture not in ("length", "height"):
        raise InvalidGrowthInput(f"Posture must be length or height, not {posture!r}.")
    if method != "bmi":
        check_bounds(method, value)
    age_days = _age_days(child, on)
    gestation = child.gestation or Gestation(40, 0)

    assessed_value = value
    if method == "height" and posture is not None and ref in _POSTURE_ADJUSTED_REFERENCES:
        # the posture WHO expects depends on the age the reference is read at, which rcpchgrowth decides
        probe = _measure(child, gestation, on, ref, "height", value)
        assessed_value = _adjust_for_posture(value, posture, _lookup_age_years(probe))

    measurement = _measure(child, gestation, on, ref, LIBRARY_METHODS[method], assessed_value)
    lookup_years = _lookup_age_years(measurement)
    corrected_age_days = round(lookup_years * _DAYS_PER_YEAR)
    values = measurement["measurement_calculated_values"]
    z = values["corrected_sds"]
    if z is None:
        raise OutsideReference(
            _outside_reference_message(ref, method, corrected_age_days, age_days, child.gestation),
            detail=values.get("corrected_measurement_error"),
        )
    z = float(z)
    limit = IMPLAUSIBLE_BMI_Z if method == "bmi" else IMPLAUSIBLE_Z
    if abs(z) > limit:
        at_age = _age_words(corrected_age_days, age_days)
        raise ImplausibleMeasurement(
            f"A {_METHOD_WORDS[method]} of {value:g} {_UNITS[method]} at {at_age} is "
            f"{z:+.1f} SD from the {_REFERENCE_NAMES[ref]} median; check the value and its units.",
            z=z,
        )
    return GrowthResult(
        method=method,
        value=value,
        assessed_value=assessed_value,
        z=z,
        centile=float(values["corrected_centile"]),
        reference=ref,
        age_days=age_days,
        corrected_age_days=corrected_age_days,
        corrected_age_used=corrected_age_days != age_days,
        needs_check=abs(z) > CHECK_Z,
        who_flagged=outside_who_flags(method, z),
    )


@dataclass(frozen=True)
class VisitGrowth:
    """Everything measured at one visit, with BMI derived when weight and length/height were taken."""

    reference: Reference
    age_days: int
    corrected_age_days: int
    corrected_age_used: bool
    weight: GrowthResult | None = None
    height: GrowthResult | None = None
    head_circumference: GrowthResult | None = None
    bmi: GrowthResult | None = None
    weight_for_length: GrowthResult | None = None


def assess_visit(
    child: Child,
    *,
    on: date,
    reference: str = DEFAULT_REFERENCE,
    weight_kg: float | None = None,
    length_cm: float | None = None,
    height_cm: float | None = None,
    head_cm: float | None = None,
) -> VisitGrowth:
    """Assess the measurements of one visit; give length_cm (lying) or height_cm (standing), not both."""
    ref = check_reference(reference)
    if length_cm is not None and height_cm is not None:
        raise InvalidGrowthInput("Give a length (lying) or a height (standing), not both.")
    age_days = _age_days(child, on)
    # bounds first, so the message names the value that is wrong before any reference is read
    if weight_kg is not None:
        check_bounds("weight", weight_kg)
    stature_cm = length_cm if length_cm is not None else height_cm
    posture: Posture = "length" if length_cm is not None else "height"
    if stature_cm is not None:
        check_bounds("height", stature_cm)
    if head_cm is not None:
        check_bounds("head_circumference", head_cm)

    weight = (
        None if weight_kg is None else assess(child, method="weight", value=weight_kg, on=on, reference=ref)
    )
    height = (
        None
        if stature_cm is None
        else assess(child, method="height", value=stature_cm, on=on, reference=ref, posture=posture)
    )
    head = (
        None
        if head_cm is None
        else assess(child, method="head_circumference", value=head_cm, on=on, reference=ref)
    )
    bmi = None if weight is None or height is None else _derived_bmi(child, on, ref, weight, height)
    wfl = None
    if weight is not None and height is not None and stature_cm is not None:
        wfl = _derived_weight_for_length(child, weight, stature_cm, posture, height)
    corrected_age_days = _visit_corrected_age_days(child, on, ref, age_days, (weight, height, head, bmi))
    return VisitGrowth(
        reference=ref,
        age_days=age_days,
        corrected_age_days=corrected_age_days,
        corrected_age_used=corrected_age_days != age_days,
        weight=weight,
        height=height,
        head_circumference=head,
        bmi=bmi,
        weight_for_length=wfl,
    )


def weight_for_length(
    child: Child,
    *,
    weight_kg: float,
    stature_cm: float,
    posture: Posture | None,
    age_days: int,
    lookup_age_days: int,
) -> GrowthResult:
    """WHO weight-for-length (before 24 months) or weight-for-height (from 24 months), on WHO's own
    tables whatever the organization's reference (see `weight_for_length`); `lookup_age_days` is the
    age the other references were read at, which decides the table and the 0.7 cm posture shift."""
    check_bounds("weight", weight_kg)
    check_bounds("height", stature_cm)
    years = lookup_age_days / _DAYS_PER_YEAR
    table: Posture = "length" if years < LENGTH_BEFORE_YEARS else "height"
    against = stature_cm if posture is None else _adjust_for_posture(stature_cm, posture, years)
    try:
        lms = wfl_tables.lms_at(table, child.sex, against)
    except wfl_tables.OutsideTable as error:
        raise OutsideReference(str(error)) from error
    z = wfl_tables.restricted_z(weight_kg, lms)
    if abs(z) > IMPLAUSIBLE_Z:
        raise ImplausibleMeasurement(
            f"A weight of {weight_kg:g} kg for a {table} of {against:g} cm is {z:+.1f} SD from the WHO "
            "median; check the weight, the length/height and their units.",
            z=z,
        )
    return GrowthResult(
        method="weight_for_length",
        value=weight_kg,
        assessed_value=weight_kg,
        z=z,
        centile=NormalDist().cdf(z) * 100,
        reference="who",
        age_days=age_days,
        corrected_age_days=lookup_age_days,
        corrected_age_used=lookup_age_days != age_days,
        needs_check=abs(z) > CHECK_Z,
        who_flagged=outside_who_flags("weight_for_length", z),
        against_cm=against,
        against=table,
    )


def _derived_weight_for_length(
    child: Child, weight: GrowthResult, stature_cm: float, posture: Posture, height: GrowthResult
) -> GrowthResult:
    try:
        return weight_for_length(
            child,
            weight_kg=weight.value,
            stature_cm=stature_cm,
            posture=posture,
            age_days=height.age_days,
            lookup_age_days=height.corrected_age_days,
        )
    except OutsideReference as error:
        # not asked for: a length outside WHO's table is a note, as BMI's missing data is
        return GrowthResult(
            method="weight_for_length",
            value=weight.value,
            assessed_value=weight.value,
            z=None,
            centile=None,
            reference="who",
            age_days=height.age_days,
            corrected_age_days=height.corrected_age_days,
            corrected_age_used=height.corrected_age_used,
            note=str(error),
        )


def bmi_from(weight_kg: float, height_cm: float) -> float:
    return weight_kg / (height_cm / 100) ** 2


def _derived_bmi(
    child: Child, on: date, ref: Reference, weight: GrowthResult, height: GrowthResult
) -> GrowthResult:
    # WHO Anthro derives BMI from the posture-adjusted length/height; so do we
    value = bmi_from(weight.value, height.assessed_value)
    try:
        return assess(child, method="bmi", value=value, on=on, reference=ref)
    except OutsideReference as error:
        # BMI was not asked for, so a reference without BMI at this age is a note, not a failure
        return GrowthResult(
            method="bmi",
            value=value,
            assessed_value=value,
            z=None,
            centile=None,
            reference=ref,
            age_days=weight.age_days,
            corrected_age_days=weight.corrected_age_days,
            corrected_age_used=weight.corrected_age_used,
            note=str(error),
        )


def _visit_corrected_age_days(
    child: Child, on: date, ref: Reference, age_days: int, results: tuple[GrowthResult | None, ...]
) -> int:
    for result in results:
        if result is not None:
            return result.corrected_age_days
    # nothing measured: still report the age rcpchgrowth would read the reference at
    gestation = child.gestation or Gestation(40, 0)
    with contextlib.suppress(GrowthError):
        probe = _measure(child, gestation, on, ref, "weight", 3.0)
        return round(_lookup_age_years(probe) * _DAYS_PER_YEAR)
    return age_days


def _age_days(child: Child, on: date) -> int:
    try:
        return chronological_age_days(child.birth_date, on)
    except AgeError as error:
        raise MeasurementBeforeBirth(str(error)) from error


def _measure(
    child: Child, gestation: Gestation, on: date, ref: Reference, library_method: str, value: float
) -> dict[str, Any]:
    # rcpchgrowth prints some of its errors to stdout; keep them out of our output (the CLI prints JSON)
    with contextlib.redirect_stdout(io.StringIO()):
        measurement = Measurement(
            sex=child.sex,
            birth_date=child.birth_date,
            observation_date=on,
            measurement_method=library_method,
            observation_value=value,
            reference=ref,
            gestation_weeks=gestation.weeks,
            gestation_days=gestation.days,
        ).measurement
    dates = measurement["measurement_dates"]
    if dates["corrected_decimal_age"] is None or dates["chronological_decimal_age"] is None:
        raise MeasurementBeforeBirth(
            f"The date {on.isoformat()} is before the birth date {child.birth_date.isoformat()}."
        )
    result: dict[str, Any] = measurement
    return result


def _lookup_age_years(measurement: dict[str, Any]) -> float:
    return float(measurement["measurement_dates"]["corrected_decimal_age"])


def _adjust_for_posture(value: float, posture: Posture, lookup_age_years: float) -> float:
    expects_length = lookup_age_years < LENGTH_BEFORE_YEARS
    if posture == "height" and expects_length:
        return round(value + LENGTH_HEIGHT_DIFFERENCE_CM, 4)
    if posture == "length" and not expects_length:
        return round(value - LENGTH_HEIGHT_DIFFERENCE_CM, 4)
    return value


def _outside_reference_message(
    ref: Reference, method: Method, corrected_age_days: int, age_days: int, gestation: Gestation | None
) -> str:
    name = _REFERENCE_NAMES[ref]
    if corrected_age_days < 0 and ref in ("who", "cdc"):
        born = f" (born at {gestation})" if gestation is not None else ""
        return (
            f"The {name} reference starts at term; this baby{born} is {-corrected_age_days} days short of "
            f"term-corrected age, so use UK-WHO for a preterm baby before term."
        )
    at_age = _age_words(corrected_age_days, age_days)
    return f"The {name} reference has no {_METHOD_WORDS[method]} data at {at_age}."


def _age_words(corrected_age_days: int, age_days: int) -> str:
    if corrected_age_days < 0:
        return f"{Gestation.from_days(TERM_DAYS + corrected_age_days)} weeks' gestation"
    if corrected_age_days != age_days:
        return f"a corrected age of {corrected_age_days} days"
    return f"an age of {age_days} days"
