"""The record's one date policy: which dates are plausible for what. Pure Python (no Django), with
`today` always passed in.

Each rule returns the problems it finds as `DateProblem`s: a stable code and the dates or numbers that
say what is allowed. `families.validation` turns them into sentences in the reader's language; the
services of every app ask it, so a date is judged the same way on every page.

The bounds, and why:
- A caregiver is 10 to 100 years old; on a pregnancy's due date, at most 60. They catch a mistyped
  year (1850 for 1985, 2016 for 1996) rather than record it as a fact.
- A child in the program is under 6 when added (the programs serve pregnancy to five); a birth date
  already on file is not judged again, so a child enrolled at four is still edited at seven.
- A family is enrolled for a pregnancy or a child under 6 on the enrollment date.
- A birth, a screen, an observation, a measurement, a level change, a move out: what has happened is
  not in the future, and nothing about a person is before they were born (nor about a child, before
  the relationship's child was born).
- A due date is at most 42 weeks ahead and at most 8 weeks past.
- An enrollment, and a consent, are recorded within 10 years of their date.
- A screen or an observation is recorded within a year: older paper records are summarised, not
  back-dated.
- A plan is within a horizon set by its urgency: a rescreen after a positive screen within 90 days,
  after a safety answer (self-harm) within 14.
- An age of onset (a stressor's, in months) is not older than the child was on the day it is said.
- A care plan (and each goal) is reviewed after it starts and within a year: IMH programs review plans
  every few months, and a review date years ahead is a mistyped year. What is recorded about a plan
  (progress, a review) is not before the plan began, nor after the goal it rates was closed.
- A visit or a group session is booked at most a year ahead, and entered at most a year after it was
  held; one marked as held (completed, missed) is not in the future, not before the family's enrollment,
  and not before a child marked present was born.
- A moment something was done (a response to a safety alert, with its time of day) is not later than
  now, nor before what it answers.
- A referral is dated by today, within a year, and not before the screen that prompted it; its first
  contact is expected on or after the referral and within half a year of it (services answer within
  weeks; a date further out is a mistyped year). A referral's status is dated on or after the referral.
- A gestation given with a birth agrees with the due date within ±14 days (the birth date minus the
  due date is the gestation minus 40+0 weeks).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from nestling.families.age import TERM_DAYS, add_months, completed_months, years_before

MIN_CAREGIVER_AGE_YEARS = 10
MAX_CAREGIVER_AGE_YEARS = 100
MAX_PREGNANCY_AGE_YEARS = 60
MAX_CHILD_AGE_YEARS = 6  # under 6: the programs serve children from pregnancy to five
MAX_ENROLLMENT_AGE_YEARS = 10
MAX_CONSENT_AGE_YEARS = 10
RECORDED_WITHIN_DAYS = 366  # screens and observations
RESCREEN_WITHIN_DAYS = 90  # after a positive screen
SAFETY_RESCREEN_WITHIN_DAYS = 14  # after a safety answer
REVIEW_WITHIN_DAYS = 366  # a care plan's or a goal's review date
VISIT_AHEAD_DAYS = 366  # a visit or group session is booked at most a year ahead
GESTATION_TOLERANCE_DAYS = 14
REFERRAL_EXPECTED_WITHIN_DAYS = 183  # a referral's first contact is expected within half a year
# A due date further out than a whole pregnancy, or long past, is almost certainly a typing error.
DUE_DATE_MAX_AHEAD_DAYS = TERM_DAYS + 14
DUE_DATE_MAX_PAST_DAYS = 8 * 7


@dataclass(frozen=True)
class DateProblem:
    """What is wrong with a date, as a code, with the bounds that say what is allowed (`params`)."""

    code: str
    params: Mapping[str, date | int | str] = field(default_factory=dict, hash=False)


Problems = list[DateProblem]


def years_after(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def happened(
    on: date | None,
    *,
    today: date,
    born: date | None = None,
    not_before: date | None = None,
    not_before_code: str = "before_start",
    within_days: int | None = None,
    not_after: date | None = None,
    not_after_code: str = "after_end",
) -> Problems:
    """A date of something that has happened: not after today, not before the person's birth (`born`),
    not before `not_before` (the start of what it belongs to, said by `not_before_code`), not after
    `not_after` (its end, said by `not_after_code`), and, with `within_days`, not longer ago than that."""
    if on is None:
        return []
    if on > today:
        return [DateProblem("future", {"today": today})]
    if not_after is not None and on > not_after:
        return [DateProblem(not_after_code, {"latest": not_after})]
    if born is not None and on < born:
        return [DateProblem("before_birth", {"born": born})]
    if not_before is not None and on < not_before:
        return [DateProblem(not_before_code, {"earliest": not_before})]
    if within_days is not None and on < today - timedelta(days=within_days):
        return [DateProblem("too_long_ago", {"earliest": today - timedelta(days=within_days)})]
    return []


def happened_at(
    at: datetime | None,
    *,
    now: datetime,
    not_before: datetime | None = None,
    not_before_code: str = "before_start",
) -> Problems:
    """A moment something was done (a date with its time): not later than `now`, not before `not_before`
    (what it answers, said by `not_before_code`). Both are timezone-aware."""
    if at is None:
        return []
    if at > now:
        return [DateProblem("moment_future", {"now": now})]
    if not_before is not None and at < not_before:
        return [DateProblem(not_before_code, {"earliest": not_before})]
    return []


def caregiver_birth(born: date | None, *, today: date, stored: date | None = None) -> Problems:
    """A caregiver's date of birth: between 10 and 100 years ago (a stored one is not judged again for
    its age, so a caregiver of 100 is still edited at 101)."""
    if born is None:
        return []
    if born > today:
        return [DateProblem("future", {"today": today})]
    youngest = years_before(today, MIN_CAREGIVER_AGE_YEARS)
    if born > youngest:
        return [DateProblem("caregiver_too_young", {"latest": youngest, "years": MIN_CAREGIVER_AGE_YEARS})]
    oldest = years_before(today, MAX_CAREGIVER_AGE_YEARS)
    if born != stored and born < oldest:
        return [DateProblem("caregiver_too_old", {"earliest": oldest, "years": MAX_CAREGIVER_AGE_YEARS})]
    return []


def pregnancy(born: date | None, due: date | None) -> Problems:
    """A caregiver expecting a baby is at most 60 on the due date (and at least 10)."""
    if born is None or due is None:
        return []
    if due > years_after(born, MAX_PREGNANCY_AGE_YEARS):
        return [
            DateProblem(
                "pregnancy_too_old",
                {"years": MAX_PREGNANCY_AGE_YEARS, "latest": years_after(born, MAX_PREGNANCY_AGE_YEARS)},
            )
        ]
    if due < years_after(born, MIN_CAREGIVER_AGE_YEARS):
        return [DateProblem("pregnancy_too_young", {"years": MIN_CAREGIVER_AGE_YEARS})]
    return []


def child_birth(born: date | None, *, today: date, stored: date | None = None) -> Problems:
    """A child's date of birth: not in the future, and under 6 years ago when it is first recorded."""
    if born is None:
        return []
    if born > today:
        return [DateProblem("future", {"today": today})]
    earliest = years_before(today, MAX_CHILD_AGE_YEARS) + timedelta(days=1)
    if born != stored and born < earliest:
        return [DateProblem("child_too_old", {"earliest": earliest, "years": MAX_CHILD_AGE_YEARS})]
    return []


def gestation_against_due(born: date | None, due: date | None, gestation_days: int | None) -> Problems:
    """A gestation at birth that disagrees with the due date by more than 14 days: one of them is wrong.

    The due date is 40+0 weeks, so a baby born `due − born` days early was `280 − (due − born)` days
    along. Returns the gestation the due date gives, so the message can say it."""
    if born is None or due is None or gestation_days is None:
        return []
    from_due = TERM_DAYS - (due - born).days
    if abs(from_due - gestation_days) <= GESTATION_TOLERANCE_DAYS:
        return []
    return [
        DateProblem(
            "gestation_disagrees",
            {
                "due": due,
                "weeks": from_due // 7,
                "days": from_due % 7,
                "tolerance": GESTATION_TOLERANCE_DAYS,
            },
        )
    ]


def due_date(due: date | None, *, today: date) -> Problems:
    """An expected due date: at most 42 weeks ahead, and not more than 8 weeks past (then the birth is
    recorded instead)."""
    if due is None:
        return []
    if (due - today).days > DUE_DATE_MAX_AHEAD_DAYS:
        return [DateProblem("due_too_far_ahead", {"latest": today + timedelta(days=DUE_DATE_MAX_AHEAD_DAYS)})]
    if (today - due).days > DUE_DATE_MAX_PAST_DAYS:
        return [DateProblem("due_passed", {"earliest": today - timedelta(days=DUE_DATE_MAX_PAST_DAYS)})]
    return []


def enrollment_date(on: date | None, *, today: date) -> Problems:
    """An enrollment: not in the future, at most 10 years ago."""
    return happened(
        on,
        today=today,
        not_before=years_before(today, MAX_ENROLLMENT_AGE_YEARS),
        not_before_code="enrollment_too_long_ago",
    )


def enrolled_children(enrolled: date | None, *, births: list[date], expecting: bool) -> Problems:
    """A family is enrolled for a child under 6 on the enrollment date, or for a pregnancy: an episode
    whose children were all 6 or older that day is not the program's (an 11-year-old enrolled as a
    child)."""
    if enrolled is None or expecting or not births:
        return []
    earliest = years_before(enrolled, MAX_CHILD_AGE_YEARS) + timedelta(days=1)
    if max(births) >= earliest:
        return []
    return [
        DateProblem("no_child_in_age", {"on": enrolled, "earliest": earliest, "years": MAX_CHILD_AGE_YEARS})
    ]


def consent_date(on: date | None, *, today: date) -> Problems:
    return happened(
        on,
        today=today,
        not_before=years_before(today, MAX_CONSENT_AGE_YEARS),
        not_before_code="consent_too_long_ago",
    )


def recorded(on: date | None, *, today: date, born: date | None = None) -> Problems:
    """A screen or an observation: in the last year, not before the person (or child) was born."""
    return happened(on, today=today, born=born, within_days=RECORDED_WITHIN_DAYS)


def rescreen_within_days(*, safety: bool) -> int:
    """How far ahead a rescreen may be planned: soon after a safety answer, within a quarter otherwise."""
    return SAFETY_RESCREEN_WITHIN_DAYS if safety else RESCREEN_WITHIN_DAYS


def planned(on: date | None, *, today: date, within_days: int, code: str = "too_far_ahead") -> Problems:
    """A date something is planned for: from today, and no further ahead than its urgency allows."""
    if on is None:
        return []
    if on < today:
        return [DateProblem("past", {"today": today})]
    latest = today + timedelta(days=within_days)
    if on > latest:
        return [DateProblem(code, {"latest": latest, "days": within_days})]
    return []


def onset_months(months: int, *, born: date, on: date) -> Problems:
    """A stressor's age of onset in months, said on `on` about a child born on `born`: the child must have
    been that old by then."""
    if on < born:
        return []  # the day itself is judged by `happened`
    age = completed_months(born, on)
    if months > age:
        return [DateProblem("onset_older_than_child", {"months": months, "age": age, "on": on})]
    return []


def review_by(
    on: date | None, *, start: date, today: date, within_days: int = REVIEW_WITHIN_DAYS
) -> Problems:
    """The date a plan or a goal is to be reviewed by: after `start` (the plan's start, or the review
    that sets it), and within `within_days` of the later of `start` and today."""
    if on is None:
        return []
    if on <= start:
        return [DateProblem("review_not_after_start", {"earliest": start + timedelta(days=1)})]
    latest = max(start, today) + timedelta(days=within_days)
    if on > latest:
        return [DateProblem("review_too_far_ahead", {"latest": latest})]
    return []


def booked(on: date | None, *, today: date) -> Problems:
    """The date of a visit or a group session: booked at most a year ahead, and entered at most a year
    after it was held (a visit held last week and never put in the diary is entered afterwards)."""
    if on is None:
        return []
    latest = today + timedelta(days=VISIT_AHEAD_DAYS)
    if on > latest:
        return [DateProblem("booked_too_far_ahead", {"latest": latest, "days": VISIT_AHEAD_DAYS})]
    earliest = today - timedelta(days=RECORDED_WITHIN_DAYS)
    if on < earliest:
        return [DateProblem("too_long_ago", {"earliest": earliest})]
    return []


def present_on(on: date, *, born: date | None) -> Problems:
    """A child marked present at a visit on `on`: born by then (a baby not born yet was not there)."""
    if born is None:
        return [DateProblem("unborn_present")]
    if on < born:
        return [DateProblem("not_born_on", {"born": born})]
    return []


def referral_made(on: date | None, *, today: date, prompted_on: date | None = None) -> Problems:
    """The date of a referral: by today, within a year, not before the screen that prompted it."""
    return happened(
        on,
        today=today,
        not_before=prompted_on,
        not_before_code="before_prompting_screen",
        within_days=RECORDED_WITHIN_DAYS,
    )


def referral_expected(on: date | None, *, referred_on: date) -> Problems:
    """When a referral's first contact is expected: on or after the referral, within half a year of it."""
    if on is None:
        return []
    if on < referred_on:
        return [DateProblem("expected_before_referral", {"earliest": referred_on})]
    latest = referred_on + timedelta(days=REFERRAL_EXPECTED_WITHIN_DAYS)
    if on > latest:
        return [DateProblem("expected_too_far_ahead", {"latest": latest})]
    return []
