"""The measures read from what was done about a need — referrals after a positive screen, safety alerts
answered, reflective supervision received — on hand-built facts, with the numerator and denominator
worked out here and the boundary of every window. Pure: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from nestling.reports.measures.definitions import digest, measure
from nestling.reports.measures.engine import evaluate, evaluate_months
from nestling.reports.measures.facts import (
    AlertFact,
    CaseloadFact,
    Facts,
    ReferralFact,
    RscFact,
    ScreenFact,
)
from nestling.reports.measures.periods import Period, quarter_of

TODAY = date(2026, 12, 1)
Q3 = quarter_of(date(2026, 7, 1))  # 1 July to 30 September 2026
SCREENED = date(2026, 6, 20)


def _referral(
    pk: int,
    referred_on: date,
    contact_on: date | None,
    *,
    family: int | None = None,
    subject: str = "caregiver",
    domain: str = "depression",
    service: str = "adult_mental_health",
    screened_on: date | None = SCREENED,
    category: str = "",
) -> ReferralFact:
    return ReferralFact(
        pk, family or pk, subject, domain, service, referred_on, contact_on, screened_on, category
    )


def test_a_depression_referral_completed_on_the_last_day_of_the_period_counts_and_the_day_after_does_not():
    # Given caregivers' depression referrals after a positive screen, and some that are not counted
    facts = Facts(
        today=TODAY,
        referrals=(
            _referral(1, date(2026, 8, 1), Q3.end),  # first contact on the period's last day
            _referral(2, date(2026, 8, 1), Q3.end + timedelta(days=1)),  # and on the day after
            _referral(3, Q3.end, None),  # made on the last day, no contact yet
            _referral(4, Q3.end + timedelta(days=1), Q3.end + timedelta(days=2)),  # made after the period
            _referral(5, date(2026, 8, 1), date(2026, 8, 2), screened_on=None),  # no positive screen
            _referral(6, date(2026, 8, 1), date(2026, 8, 2), domain="development", subject="child"),
        ),
    )
    # When the measure is evaluated for the quarter
    result = evaluate(measure("depression-referrals"), facts, Q3)
    # Then referrals 1, 2 and 3 are counted, and only 1 had its contact by the end: 1 of 3
    assert (result.numerator_count, result.denominator_count) == (1, 3)
    assert result.families("met") == {1}
    assert result.families("not_met") == {2, 3}
    # A period running one day longer sees referral 2's contact too (and referral 4 made in it)
    longer = Period("custom", Q3.start, Q3.end + timedelta(days=1))
    assert evaluate(measure("depression-referrals"), facts, longer).families("met") == {1, 2}


def test_a_referral_is_met_in_its_own_period_only_once_the_contact_is_made():
    facts = Facts(today=TODAY, referrals=(_referral(1, date(2026, 7, 10), date(2026, 9, 5)),))
    july, august, september = Q3.months()
    results = evaluate_months(measure("depression-referrals"), facts, [july, august, september])
    # Counted in July, when it was made; its contact in September is after July's end
    assert [(r.numerator_count, r.denominator_count) for r in results] == [(0, 1), (0, 0), (0, 0)]
    assert evaluate(measure("depression-referrals"), facts, Q3).numerator_count == 1


def test_a_developmental_referral_is_timely_within_45_days_for_early_intervention_and_30_for_others():
    made = date(2026, 7, 1)
    facts = Facts(
        today=TODAY,
        referrals=tuple(
            _referral(
                pk, made, made + timedelta(days=days), subject="child", domain="development", service=kind
            )
            for pk, kind, days in (
                (1, "early_intervention", 45),  # met
                (2, "early_intervention", 46),  # a day late
                (3, "paediatric", 30),  # met
                (4, "paediatric", 31),  # a day late
            )
        ),
    )
    result = evaluate(measure("developmental-referrals"), facts, Q3)
    assert (result.numerator_count, result.denominator_count) == (2, 4)
    assert result.families("met") == {1, 3}


def test_a_developmental_referral_still_inside_its_window_is_left_out_until_it_closes():
    facts = Facts(
        today=TODAY,
        referrals=(
            # Made 10 days ago to early intervention, no contact yet: 35 days left
            _referral(
                1,
                TODAY - timedelta(days=10),
                None,
                subject="child",
                domain="development",
                service="early_intervention",
            ),
            # Made 50 days ago, no contact: its window closed, not met
            _referral(
                2,
                TODAY - timedelta(days=50),
                None,
                subject="child",
                domain="development",
                service="early_intervention",
            ),
        ),
    )
    period = Period("custom", date(2026, 9, 1), TODAY)
    result = evaluate(measure("developmental-referrals"), facts, period)
    assert (result.numerator_count, result.denominator_count) == (0, 1)
    assert result.exclusion_counts() == {"window_open": 1}
    assert result.families("window_open") == {1}


def _hits(family: int, on: date, *, positive: bool = True) -> ScreenFact:
    return ScreenFact(family, "caregiver", None, "hits", on, positive, family)


def test_a_positive_ipv_screen_is_met_by_an_ipv_referral_on_the_day_or_after_by_the_period_end():
    screened = date(2026, 8, 1)
    facts = Facts(
        today=TODAY,
        screens=(
            _hits(1, screened),  # referred the same day: met
            _hits(2, screened),  # referred before the screen only: not met
            _hits(3, screened),  # referred the day after the period: not met in it
            _hits(4, screened, positive=False),  # negative: not counted
            _hits(5, Q3.end + timedelta(days=1)),  # screened after the period: not counted
        ),
        referrals=(
            _referral(11, screened, None, family=1, domain="ipv", service="ipv"),
            _referral(12, screened - timedelta(days=1), None, family=2, domain="ipv", service="ipv"),
            _referral(13, Q3.end + timedelta(days=1), None, family=3, domain="ipv", service="ipv"),
            _referral(14, screened, None, family=2, domain="depression"),  # another need
        ),
    )
    result = evaluate(measure("ipv-referrals"), facts, Q3)
    assert (result.numerator_count, result.denominator_count) == (1, 3)
    assert result.families("met") == {1}
    # Every unit is marked with the category, so a drill-down lists it only with the grant
    assert {unit.category for unit in result.denominator} == {"intimate_partner_violence"}
    assert measure("ipv-referrals").sensitive_category == "intimate_partner_violence"


def test_the_median_days_from_a_positive_screen_to_the_first_service_contact():
    screened = date(2026, 7, 1)
    facts = Facts(
        today=TODAY,
        referrals=(
            _referral(1, screened, screened + timedelta(days=10), screened_on=screened),
            _referral(2, screened, screened + timedelta(days=20), screened_on=screened),
            _referral(3, screened, screened + timedelta(days=40), screened_on=screened),
            _referral(4, screened, screened + timedelta(days=15), screened_on=None),  # no screen behind it
            _referral(5, screened, None, screened_on=screened),  # no contact yet
            _referral(6, screened, Q3.end + timedelta(days=1), screened_on=screened),  # contact after Q3
        ),
    )
    result = evaluate(measure("screen-to-service-days"), facts, Q3)
    # Referrals 1–3: 10, 20 and 40 days; the median is 20
    assert result.denominator_count == 3
    assert result.value == 20
    assert result.rate is None  # a median has no share met
    # Referral 6's contact falls in the next quarter, on day 92
    assert evaluate(measure("screen-to-service-days"), facts, Q3.previous()).value is None
    assert evaluate(measure("screen-to-service-days"), facts, quarter_of(TODAY)).value == 92


def _alert(pk: int, raised: datetime, answered_after: timedelta | None) -> AlertFact:
    responded = None if answered_after is None else raised + answered_after
    return AlertFact(pk, pk, raised.date(), raised, responded)


def test_a_safety_alert_answered_at_23_59_is_within_24_hours_and_at_24_01_is_not():
    raised = datetime(2026, 8, 3, 10, 0, tzinfo=UTC)
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    facts = Facts(
        today=TODAY,
        now=now,
        alerts=(
            _alert(1, raised, timedelta(hours=23, minutes=59)),  # met
            _alert(2, raised, timedelta(hours=24)),  # met: the 24th hour's last minute counts
            _alert(3, raised, timedelta(hours=24, minutes=1)),  # late
            _alert(4, raised, None),  # never answered
            _alert(5, now - timedelta(hours=2), None),  # raised two hours ago: its 24 hours still run
        ),
    )
    result = evaluate(measure("safety-alerts-24h"), facts, Period("custom", date(2026, 8, 1), TODAY))
    assert (result.numerator_count, result.denominator_count) == (2, 4)
    assert result.families("met") == {1, 2}
    assert result.exclusion_counts() == {"window_open": 1}


def test_an_alert_is_counted_on_the_day_it_was_raised():
    raised = datetime(2026, 9, 30, 23, 0, tzinfo=UTC)
    facts = Facts(today=TODAY, alerts=(_alert(1, raised, timedelta(hours=3)),))
    # Answered on 1 October, still counted (and met) in the quarter it was raised in
    assert evaluate(measure("safety-alerts-24h"), facts, Q3).numerator_count == 1
    assert evaluate(measure("safety-alerts-24h"), facts, quarter_of(TODAY)).denominator_count == 0


def test_rsc_hours_per_practitioner_month_and_the_months_with_at_least_an_hour():
    facts = Facts(
        today=TODAY,
        caseloads=(
            CaseloadFact(1, date(2026, 1, 5), None),
            CaseloadFact(2, date(2026, 1, 5), None),
            CaseloadFact(3, date(2026, 9, 15), None),  # carries families from mid-September
            CaseloadFact(4, date(2026, 1, 5), date(2026, 6, 30)),  # stopped before the quarter
        ),
        rsc=(
            RscFact(1, date(2026, 7, 8), 60),  # exactly an hour: met
            RscFact(1, date(2026, 8, 12), 90),
            RscFact(2, date(2026, 7, 8), 59),  # a minute short
            RscFact(3, date(2026, 9, 20), 120),
            RscFact(4, date(2026, 8, 1), 60),  # not carrying a family of the program then
        ),
    )
    result = evaluate(measure("rsc-hours"), facts, Q3)
    # Practitioner-months: 1 and 2 in July, August, September; 3 in September. Met: 1 in July and
    # August, 3 in September.
    assert (result.numerator_count, result.denominator_count) == (3, 7)
    # Hours, on average: (60 + 90 + 0 + 59 + 0 + 0 + 120) minutes over 7 months
    assert result.value is not None and abs(result.value - 329 / 60 / 7) < 1e-9
    assert result.families("denominator") == {0}  # no family behind a practitioner's month


def test_a_month_not_over_yet_is_left_out_of_rsc_hours():
    facts = Facts(today=TODAY, caseloads=(CaseloadFact(1, date(2026, 1, 5), None),))
    result = evaluate(measure("rsc-hours"), facts, Period("custom", date(2026, 11, 1), date(2026, 12, 31)))
    # November is over (counted, not met); December has begun (left out)
    assert result.denominator_count == 1
    assert result.exclusion_counts() == {"window_open": 1}


def test_a_field_added_later_changes_the_hash_only_when_it_is_set():
    published = measure("depression-screening")
    assert digest(replace(published, window_hours=0)) == digest(published)
    assert digest(replace(published, window_hours=24)) != digest(published)


def test_a_practitioner_with_an_open_span_and_later_ones_is_one_practitioner_month():
    facts = Facts(
        today=TODAY,
        caseloads=(
            CaseloadFact(1, date(2026, 1, 5), None),  # still carrying
            CaseloadFact(1, date(2026, 3, 1), date(2026, 8, 31)),  # inside the open span
            CaseloadFact(1, date(2026, 9, 1), None),
        ),
    )
    assert evaluate(measure("rsc-hours"), facts, Q3).denominator_count == 3
