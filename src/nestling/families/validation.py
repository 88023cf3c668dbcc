"""Checks of the family record's values. Each returns every problem it finds (field → messages), so a
form can show them all at once; an empty dict means the values may be saved.

Dates are judged by the one date policy, `families.dates`; `date_errors` turns its problems into
sentences that say what is allowed, and the other apps' services use it (and `happened_errors`,
`recorded_errors`, `planned_errors`) for their own dates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.families import dates
from nestling.families.age import MAX_GESTATION_WEEKS, MIN_GESTATION_WEEKS
from nestling.families.models import DISCHARGE_SUMMARY_MAX, ConsentKind, DischargeReason

Errors = dict[str, list[str]]

MIN_BIRTH_WEIGHT_GRAMS = 300
MAX_BIRTH_WEIGHT_GRAMS = 7000
MIN_CAREGIVER_AGE_YEARS = dates.MIN_CAREGIVER_AGE_YEARS
MAX_CAREGIVER_AGE_YEARS = dates.MAX_CAREGIVER_AGE_YEARS
MAX_CHILD_AGE_YEARS = dates.MAX_CHILD_AGE_YEARS
MAX_CONSENT_AGE_YEARS = dates.MAX_CONSENT_AGE_YEARS


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _day(value: date) -> str:
    if isinstance(value, datetime):  # a moment: its day and time, where the reader is
        return date_format(timezone.localtime(value), "j M Y, H:i")
    return date_format(value, "j M Y")


# What each of the date policy's problems says, with what is allowed.
DATE_MESSAGES = {
    "future": gettext_lazy("This date is in the future: enter today (%(today)s) or earlier."),
    "moment_future": gettext_lazy("This is later than now (%(now)s): enter when it was done."),
    "before_alert": gettext_lazy(
        "The alert was raised at %(earliest)s: a response is given at that time or later."
    ),
    "past": gettext_lazy("This date has passed: choose today (%(today)s) or a later date."),
    "before_birth": gettext_lazy(
        "This date is before the birth date (%(born)s): enter a date on or after it."
    ),
    "before_birth_of": gettext_lazy(
        "This date is before %(whom)s was born (%(born)s): enter a date on or after it."
    ),
    "too_long_ago": gettext_lazy(
        "This is recorded within a year of the date: enter a date on or after %(earliest)s."
    ),
    "before_start": gettext_lazy(
        "This date is before the start (%(earliest)s): enter a date on or after it."
    ),
    "before_enrollment": gettext_lazy(
        "This date is before the enrollment (%(earliest)s): enter a date on or after it."
    ),
    "enrollment_too_long_ago": gettext_lazy(
        "An enrollment is recorded within 10 years (on or after %(earliest)s). Check the year."
    ),
    "no_child_in_age": gettext_lazy(
        "On %(on)s no child of the family was under %(years)d (born on or after %(earliest)s): a family "
        "is enrolled for a pregnancy or a child under %(years)d. Check the enrollment date."
    ),
    "consent_too_long_ago": gettext_lazy(
        "A consent is recorded within 10 years of being given (on or after %(earliest)s). Check the year."
    ),
    "caregiver_too_young": gettext_lazy(
        "A caregiver is at least 10 years old (born on or before %(latest)s). Check the year."
    ),
    "caregiver_too_old": gettext_lazy(
        "A caregiver's date of birth is at most 100 years ago (on or after %(earliest)s). Check the year."
    ),
    "pregnancy_too_old": gettext_lazy(
        "A caregiver is at most %(years)d years old on a pregnancy's due date (due by %(latest)s). "
        "Check the date of birth and the due date."
    ),
    "pregnancy_too_young": gettext_lazy(
        "A caregiver is at least %(years)d years old on a pregnancy's due date. "
        "Check the date of birth and the due date."
    ),
    "child_too_old": gettext_lazy(
        "A child in the program is under 6 years old (born on or after %(earliest)s). Check the year."
    ),
    "gestation_disagrees": gettext_lazy(
        "The due date (%(due)s) puts this birth at %(weeks)d+%(days)d weeks; the gestation must be "
        "within %(tolerance)d days of that. Check the gestation, the birth date and the due date."
    ),
    "due_too_far_ahead": gettext_lazy("A due date is at most 42 weeks ahead (on or before %(latest)s)."),
    "due_passed": gettext_lazy(
        "This due date passed more than 8 weeks ago (before %(earliest)s): record the birth instead."
    ),
    "onset_older_than_child": gettext_lazy(
        "The child was %(age)d months old on %(on)s: an onset at %(months)d months has not happened yet. "
        "Enter the child's age in months when it began."
    ),
    "rescreen_too_far_ahead": gettext_lazy(
        "After a positive screen, screen again within %(days)d days (by %(latest)s)."
    ),
    "safety_rescreen_too_far_ahead": gettext_lazy(
        "After an answer about self-harm, screen again within %(days)d days (by %(latest)s)."
    ),
    "too_far_ahead": gettext_lazy("Plan this within %(days)d days (by %(latest)s)."),
    "after_end": gettext_lazy("This date is after the end (%(latest)s): enter a date on or before it."),
    "before_plan": gettext_lazy(
        "This date is before the plan began (%(earliest)s): enter a date on or after it."
    ),
    "before_last_review": gettext_lazy(
        "The plan was last reviewed on %(earliest)s: enter that date or a later one."
    ),
    "after_goal_closed": gettext_lazy("The goal was closed on %(latest)s: enter a date on or before it."),
    "review_not_after_start": gettext_lazy(
        "A review comes after the start: choose %(earliest)s or a later date."
    ),
    "review_too_far_ahead": gettext_lazy(
        "Review within a year (by %(latest)s): a plan is looked at again every few months."
    ),
    "booked_too_far_ahead": gettext_lazy("Book this at most a year ahead (on or before %(latest)s)."),
    "not_born_on": gettext_lazy(
        "%(whom)s was not born yet on this date (born %(born)s): untick them, or check the date."
    ),
    "unborn_present": gettext_lazy("%(whom)s is not born yet: untick them, or record the birth first."),
    "before_prompting_screen": gettext_lazy(
        "This date is before the screen that prompted the referral (%(earliest)s): a referral follows "
        "what prompted it. Enter a date on or after it."
    ),
    "before_referral": gettext_lazy(
        "This date is before the referral was made (%(earliest)s): enter a date on or after it."
    ),
    "expected_before_referral": gettext_lazy(
        "First contact cannot be expected before the referral is made (%(earliest)s): enter a later date."
    ),
    "expected_too_far_ahead": gettext_lazy(
        "Expect first contact within half a year of the referral (by %(latest)s). Check the year."
    ),
}


def date_message(problem: dates.DateProblem, *, born_whom: str = "") -> str:
    """One sentence for a date problem, saying what is allowed."""
    params: dict[str, object] = {k: _day(v) if isinstance(v, date) else v for k, v in problem.params.items()}
    code = problem.code
    params.setdefault("whom", born_whom)
    if code == "before_birth" and born_whom:
        code, params["whom"] = "before_birth_of", born_whom
    return str(DATE_MESSAGES[code]) % params


def date_errors(field: str, problems: dates.Problems, *, born_whom: str = "") -> Errors:
    """The policy's problems with one field's date, as form errors."""
    return {field: [date_message(p, born_whom=born_whom) for p in problems]} if problems else {}


def happened_errors(
    field: str,
    on: date | None,
    *,
    today: date | None = None,
    born: date | None = None,
    born_whom: str = "",
    not_before: date | None = None,
    not_before_code: str = "before_start",
    not_after: date | None = None,
    not_after_code: str = "after_end",
) -> Errors:
    """Errors for the date of something that has happened (not future, not before birth or a start, not
    after an end)."""
    problems = dates.happened(
        on,
        today=today or timezone.localdate(),
        born=born,
        not_before=not_before,
        not_before_code=not_before_code,
        not_after=not_after,
        not_after_code=not_after_code,
    )
    return date_errors(field, problems, born_whom=born_whom)


def happened_at_errors(
    field: str,
    at: datetime | None,
    *,
    now: datetime | None = None,
    not_before: datetime | None = None,
    not_before_code: str = "before_start",
) -> Errors:
    """Errors for the moment something was done (not later than now, not before what it answers)."""
    problems = dates.happened_at(
        at, now=now or timezone.now(), not_before=not_before, not_before_code=not_before_code
    )
    return date_errors(field, problems)


def onset_errors(field: str, months: int, *, born: date, on: date) -> Errors:
    """Errors for an age of onset in months (not older than the child on the day it is said)."""
    return date_errors(field, dates.onset_months(months, born=born, on=on))


def review_errors(field: str, on: date | None, *, start: date, today: date | None = None) -> Errors:
    """Errors for the date a care plan or a goal is to be reviewed by: after `start`, within a year."""
    return date_errors(field, dates.review_by(on, start=start, today=today or timezone.localdate()))


def recorded_errors(
    field: str, on: date | None, *, today: date | None = None, born: date | None = None, born_whom: str = ""
) -> Errors:
    """Errors for a screen's or an observation's date: in the last year, not before the birth."""
    problems = dates.recorded(on, today=today or timezone.localdate(), born=born)
    return date_errors(field, problems, born_whom=born_whom)


def rescreen_errors(field: str, on: date | None, *, safety: bool, today: date | None = None) -> Errors:
    """Errors for the date a rescreen is planned for, within the horizon its urgency allows."""
    problems = dates.planned(
        on,
        today=today or timezone.localdate(),
        within_days=dates.rescreen_within_days(safety=safety),
        code="safety_rescreen_too_far_ahead" if safety else "rescreen_too_far_ahead",
    )
    return date_errors(field, problems)


def booked_errors(field: str, on: date | None, *, today: date | None = None) -> Errors:
    """Errors for the date of a visit or group session: within a year ahead or back."""
    return date_errors(field, dates.booked(on, today=today or timezone.localdate()))


def present_errors(field: str, on: date, *, born: date | None, whom: str) -> Errors:
    """Errors for marking a child present on `on`: a baby not born yet, or born after that day, was not
    there."""
    return date_errors(field, dates.present_on(on, born=born), born_whom=whom)


def _merge(errors: Errors, more: Errors) -> None:
    for field, messages in more.items():
        errors.setdefault(field, []).extend(messages)


def _due_date(errors: Errors, field: str, value: date | None, today: date) -> None:
    _merge(errors, date_errors(field, dates.due_date(value, today=today)))


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
    _merge(
        errors,
        date_errors("date_of_birth", dates.caregiver_birth(born, today=today, stored=stored_birth_date)),
    )
    if "date_of_birth" not in errors:
        _merge(
            errors, date_errors("pregnancy_due_date", dates.pregnancy(born, values.get("pregnancy_due_date")))
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
        _merge(
            errors,
            date_errors("date_of_birth", dates.child_birth(born, today=today, stored=stored_birth_date)),
        )
        _merge(errors, birth_detail_errors(values))
    return errors


def birth_detail_errors(values: dict[str, Any]) -> Errors:
    """Gestation (weeks and days) and birth weight: every problem at once, the due date's included."""
    errors: Errors = {}
    weeks, days = values.get("gestation_weeks"), values.get("gestation_days")
    weeks_known = weeks is not None and MIN_GESTATION_WEEKS <= weeks <= MAX_GESTATION_WEEKS
    days_known = days is None or 0 <= days <= 6
    if weeks is not None and not weeks_known:
        _add(
            errors,
            "gestation_weeks",
            _("Gestation at birth is between %(min)d and %(max)d weeks.")
            % {"min": MIN_GESTATION_WEEKS, "max": MAX_GESTATION_WEEKS},
        )
    if days is not None and weeks is None:
        _add(errors, "gestation_days", _("Enter the weeks too: the days (0 to 6) count past them."))
    elif not days_known:
        _add(errors, "gestation_days", _("Days are 0 to 6 past the weeks (37+2 is 37 weeks and 2 days)."))
    if weeks is not None and weeks_known:
        # With the days wrong, the weeks alone still disagree with the due date if every day of them does.
        gestations = [weeks * 7 + (days or 0)] if days_known else [weeks * 7, weeks * 7 + 6]
        found = [
            dates.gestation_against_due(values.get("date_of_birth"), values.get("due_date"), gestation)
            for gestation in gestations
        ]
        if all(found):
            _merge(errors, date_errors("gestation_weeks", found[0]))
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
    _merge(errors, date_errors("enrolled_on", dates.enrollment_date(enrolled, today=today)))
    discharged = values.get("discharged_on")
    _merge(errors, _discharge_date_errors(discharged, enrolled, today))
    if discharged is not None and not values.get("discharge_reason"):
        _add(errors, "discharge_reason", _("Choose the reason for discharge."))
    if discharged is None and values.get("discharge_reason"):
        _add(errors, "discharged_on", _("Enter the discharge date, or clear the reason."))
    _merge(errors, _summary_errors(values.get("discharge_note"), required=False))
    return errors


def _discharge_date_errors(discharged: date | None, enrolled: date | None, today: date) -> Errors:
    """A discharge has happened: not in the future, not before the episode began."""
    return happened_errors(
        "discharged_on", discharged, today=today, not_before=enrolled, not_before_code="before_enrollment"
    )


def _summary_errors(summary: str | None, *, required: bool) -> Errors:
    errors: Errors = {}
    text = (summary or "").strip()
    if required and not text:
        _add(
            errors,
            "discharge_note",
            _(
                "Write the closing summary: what the family and you worked on, where things stand, and "
                "what was offered next."
            ),
        )
    if len(text) > DISCHARGE_SUMMARY_MAX:
        _add(
            errors,
            "discharge_note",
            _("The closing summary is at most %(max)s characters; this one has %(count)s.")
            % {
                "max": number_format(DISCHARGE_SUMMARY_MAX, force_grouping=True),
                "count": number_format(len(text), force_grouping=True),
            },
        )
    return errors


def discharge_errors(values: dict[str, Any], *, enrolled_on: date, today: date | None = None) -> Errors:
    """A discharge: its date (not ahead, not before `enrolled_on`), a reason, and a closing summary."""
    today = today or timezone.localdate()
    errors: Errors = {}
    discharged = values.get("discharged_on")
    if discharged is None:
        _add(errors, "discharged_on", _("Enter the date of discharge."))
    _merge(errors, _discharge_date_errors(discharged, enrolled_on, today))
    if values.get("discharge_reason") not in DischargeReason.values:
        _add(errors, "discharge_reason", _("Choose the reason for discharge."))
    _merge(errors, _summary_errors(values.get("discharge_note"), required=True))
    return errors


def consent_errors(values: dict[str, Any], *, today: date | None = None) -> Errors:
    """Includes the elements 42 CFR § 2.31 requires of a substance-use disclosure consent."""
    today = today or timezone.localdate()
    errors: Errors = {}
    kind = values.get("kind")
    if values.get("given_by") is None and not (values.get("given_by_other") or "").strip():
        _add(errors, "given_by", _("Say who gave consent."))
    given = values.get("given_on")
    _merge(errors, date_errors("given_on", dates.consent_date(given, today=today)))
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
    _merge(errors, happened_errors("noted_on", values.get("noted_on"), today=today))
    if values.get("caregiver") is not None and values.get("child") is not None:
        _add(errors, "child", _("A factor is about one caregiver, one child, or the household."))
    return errors


def referral_date_errors(
    *, referred_on: date | None, expected_by: date | None, prompted_on: date | None, today: date | None = None
) -> Errors:
    """A referral's dates: made by today, within a year and not before what prompted it; first contact
    expected on or after it and within half a year."""
    errors = date_errors(
        "referred_on",
        dates.referral_made(referred_on, today=today or timezone.localdate(), prompted_on=prompted_on),
    )
    if referred_on is not None:
        _merge(
            errors, date_errors("expected_by", dates.referral_expected(expected_by, referred_on=referred_on))
        )
    return errors


def referral_status_errors(
    field: str, on: date | None, *, referred_on: date, today: date | None = None
) -> Errors:
    """A referral's status change has happened: by today, not before the referral was made."""
    return happened_errors(field, on, today=today, not_before=referred_on, not_before_code="before_referral")
