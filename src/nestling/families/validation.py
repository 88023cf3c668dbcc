"""Checks of the family record's values. Each returns every problem it finds (field → messages), so a
form can show them all at once; an empty dict means the values may be saved."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.families.age import MAX_GESTATION_WEEKS, MIN_GESTATION_WEEKS, TERM_DAYS, years_before
from nestling.families.models import ConsentKind

Errors = dict[str, list[str]]

MIN_BIRTH_WEIGHT_GRAMS = 300
MAX_BIRTH_WEIGHT_GRAMS = 7000
MIN_CAREGIVER_AGE_YEARS = 10
# Floors that catch a mistyped year (0001 for 2001, 1926 for 2026) rather than accept it as a fact.
MAX_CAREGIVER_AGE_YEARS = 100
# The programs serve children from pregnancy to five: a child born six or more years ago is not theirs.
MAX_CHILD_AGE_YEARS = 6
# A consent is recorded when it is given, or soon after from paper; ten years back is already generous.
MAX_CONSENT_AGE_YEARS = 10
# A due date further out than a whole pregnancy, or long past, is almost certainly a typing error.
DUE_DATE_MAX_AHEAD = timedelta(days=TERM_DAYS + 14)
DUE_DATE_MAX_PAST = timedelta(days=8 * 7)


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _not_future(errors: Errors, field: str, value: date | None, today: date) -> None:
    if value is not None and value > today:
        _add(errors, field, _("This date is in the future."))


def _day(value: date) -> str:
    return date_format(value, "j M Y")


def _oldest_birth(
    errors: Errors, value: date | None, stored: date | None, *, earliest: date, message: str
) -> None:
    # A birth date already on file is not judged again when other details change: a child enrolled at
    # four is still edited at seven.
    if value is not None and value != stored and value < earliest:
        _add(errors, "date_of_birth", message % {"date": _day(earliest)})


def _due_date(errors: Errors, field: str, value: date | None, today: date) -> None:
    if value is None:
        return
    if value > today + DUE_DATE_MAX_AHEAD:
        _add(errors, field, _("A due date is at most 42 weeks ahead."))
    elif value < today - DUE_DATE_MAX_PAST:
        _add(errors, field, _("This due date passed more than 8 weeks ago: record the birth instead."))


def caregiver_errors(
    values: dict[str, Any], *, today: date | None = None, stored_birth_date: date | None = None
) -> Errors:
    today = today or timezone.localdate()
    errors: Errors = {}
    if not (values.get("given_name") or "").strip():
        _add(errors, "given_name", _("Enter a given name."))
    if not (values.get("family_name") or "").strip():
        _add(errors, "family_name", _("Enter a family name."))
    born = values.get("date_of_birth")
    _not_future(errors, "date_of_birth", born, today)
    if born is not None and born > years_before(today, MIN_CAREGIVER_AGE_YEARS):
        _add(errors, "date_of_birth", _("A caregiver is at least 10 years old. Check the year."))
    _oldest_birth(
        errors,
        born,
        stored_birth_date,
        earliest=years_before(today, MAX_CAREGIVER_AGE_YEARS),
        message=_(
            "A caregiver's date of birth is at most 100 years ago (on or after %(date)s). Check the year."
        ),
    )
    _due_date(errors, "pregnancy_due_date", values.get("pregnancy_due_date"), today)
    return errors


def child_errors(
    values: dict[str, Any], *, today: date | None = None, stored_birth_date: date | None = None
) -> Errors:
    today = today or timezone.localdate()
    errors: Errors = {}
    if not (values.get("family_name") or "").strip():
        _add(errors, "family_name", _("Enter a family name."))
    born = values.get("date_of_birth")
    due = values.get("due_date")
    if born is None and due is None:
        _add(errors, "date_of_birth", _("Enter the date of birth, or the expected due date if not born yet."))
    if born is None:
        _due_date(errors, "due_date", due, today)
        for field in ("gestation_weeks", "gestation_days", "birth_weight_grams"):
            if values.get(field) is not None:
                _add(errors, field, _("Record this with the birth."))
    else:
        _not_future(errors, "date_of_birth", born, today)
        _oldest_birth(
            errors,
            born,
            stored_birth_date,
            earliest=years_before(today, MAX_CHILD_AGE_YEARS) + timedelta(days=1),
            message=_(
                "A child in the program is under 6 years old (born on or after %(date)s). Check the year."
            ),
        )
        errors.update(birth_detail_errors(values))
    return errors


def birth_detail_errors(values: dict[str, Any]) -> Errors:
    errors: Errors = {}
    weeks, days = values.get("gestation_weeks"), values.get("gestation_days")
    if weeks is not None and not MIN_GESTATION_WEEKS <= weeks <= MAX_GESTATION_WEEKS:
        _add(
            errors,
            "gestation_weeks",
            _("Gestation at birth is between %(min)d and %(max)d weeks.")
            % {"min": MIN_GESTATION_WEEKS, "max": MAX_GESTATION_WEEKS},
        )
    if days is not None and (weeks is None or not 0 <= days <= 6):
        _add(errors, "gestation_days", _("Enter the weeks first; days are 0 to 6."))
    grams = values.get("birth_weight_grams")
    if grams is not None and not MIN_BIRTH_WEIGHT_GRAMS <= grams <= MAX_BIRTH_WEIGHT_GRAMS:
        _add(
            errors,
            "birth_weight_grams",
            _("Birth weight is between %(min)d and %(max)d grams.")
            % {"min": MIN_BIRTH_WEIGHT_GRAMS, "max": MAX_BIRTH_WEIGHT_GRAMS},
        )
    return errors


def enrollment_errors(values: dict[str, Any], *, today: date | None = None) -> Errors:
    today = today or timezone.localdate()
    errors: Errors = {}
    enrolled = values.get("enrolled_on")
    if enrolled is None:
        _add(errors, "enrolled_on", _("Enter the enrollment date."))
    _not_future(errors, "enrolled_on", enrolled, today)
    discharged = values.get("discharged_on")
    _not_future(errors, "discharged_on", discharged, today)
    if discharged is not None and enrolled is not None and discharged < enrolled:
        _add(errors, "discharged_on", _("Discharge cannot be before enrollment."))
    if discharged is not None and not values.get("discharge_reason"):
        _add(errors, "discharge_reason", _("Choose the reason for discharge."))
    if discharged is None and values.get("discharge_reason"):
        _add(errors, "discharged_on", _("Enter the discharge date, or clear the reason."))
    return errors


def consent_errors(values: dict[str, Any], *, today: date | None = None) -> Errors:
    """Includes the elements 42 CFR § 2.31 requires of a substance-use disclosure consent."""
    today = today or timezone.localdate()
    errors: Errors = {}
    kind = values.get("kind")
    if values.get("given_by") is None and not (values.get("given_by_other") or "").strip():
        _add(errors, "given_by", _("Say who gave consent."))
    given = values.get("given_on")
    _not_future(errors, "given_on", given, today)
    earliest_consent = years_before(today, MAX_CONSENT_AGE_YEARS)
    if given is not None and given < earliest_consent:
        _add(
            errors,
            "given_on",
            _("A consent is recorded within 10 years of being given (on or after %(date)s). Check the year.")
            % {"date": _day(earliest_consent)},
        )
    expires = values.get("expires_on")
    if expires is not None and given is not None and expires < given:
        _add(errors, "expires_on", _("Expiry cannot be before the consent was given."))
    if kind == ConsentKind.DATA_SHARING and not (values.get("recipient") or "").strip():
        _add(errors, "recipient", _("Name who the information may be shared with."))
    if kind == ConsentKind.PART2:
        if values.get("given_by") is None:
            _add(errors, "given_by", _("A Part 2 consent is given by the patient: choose the caregiver."))
        for field, message in (
            ("discloser", _("Name the program or person who may disclose.")),
            ("information", _("Say how much and what kind of information may be disclosed.")),
            ("recipient", _("Name the recipient.")),
            ("purpose", _("State the purpose of the disclosure.")),
        ):
            if not (values.get(field) or "").strip():
                _add(errors, field, message)
        if expires is None and not (values.get("expiry_event") or "").strip():
            _add(errors, "expires_on", _("A Part 2 consent needs an expiry date or event."))
        if not values.get("right_to_revoke_explained"):
            _add(errors, "right_to_revoke_explained", _("The right to revoke must be explained."))
        if not values.get("signed"):
            _add(errors, "signed", _("A Part 2 consent must be signed."))
    return errors


def risk_factor_errors(values: dict[str, Any], *, today: date | None = None) -> Errors:
    today = today or timezone.localdate()
    errors: Errors = {}
    if not (values.get("description") or "").strip():
        _add(errors, "description", _("Describe the factor."))
    if not values.get("group"):
        _add(errors, "group", _("Choose a group."))
    if values.get("noted_on") is None:
        _add(errors, "noted_on", _("Enter the date it was noted."))
    _not_future(errors, "noted_on", values.get("noted_on"), today)
    if values.get("caregiver") is not None and values.get("child") is not None:
        _add(errors, "child", _("A factor is about one caregiver, one child, or the household."))
    return errors
