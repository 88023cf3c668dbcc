"""Each shipped measure on hand-built facts, with the numerator and denominator worked out here, and the
boundary of every window. Pure: no database."""

from __future__ import annotations

from datetime import date, timedelta

from nestling.reports.measures.definitions import MEASURES, measure
from nestling.reports.measures.engine import evaluate, plan
from nestling.reports.measures.facts import ChildFact, EpisodeFact, Facts, GoalFact, ScreenFact, VisitFact
from nestling.reports.measures.periods import Period, quarter_of

TODAY = date(2026, 12, 1)
ENROLLED = date(2026, 3, 2)


def _days(n: int) -> date:
    return ENROLLED + timedelta(days=n)


def _year() -> Period:
    return Period("year", date(2026, 1, 1), date(2026, 12, 31))


def _caregiver_screen(family: int, on: date, instrument: str = "phq-9") -> ScreenFact:
    return ScreenFact(family, "caregiver", None, instrument, on)


def test_a_depression_screen_on_day_90_counts_and_on_day_91_does_not():
    # Given three families enrolled the same day (not prenatally): screened on day 90, day 91, never
    facts = Facts(
        today=TODAY,
        episodes=(
            EpisodeFact(1, 1, ENROLLED, None),
            EpisodeFact(2, 2, ENROLLED, None),
            EpisodeFact(3, 3, ENROLLED, None),
        ),
        children=tuple(ChildFact(10 + f, f, date(2025, 6, 1), 280) for f in (1, 2, 3)),
        screens=(_caregiver_screen(1, _days(90)), _caregiver_screen(2, _days(91))),
    )
    # When the measure is evaluated for the year the windows closed in
    result = evaluate(measure("depression-screening"), facts, _year())
    # Then all three are counted, and only the day-90 screen meets it: 1 of 3
    assert (result.numerator_count, result.denominator_count) == (1, 3)
    assert result.families("met") == {1}
    assert result.families("not_met") == {2, 3}


def test_a_prenatal_enrollment_is_screened_until_three_months_after_the_birth():
    born = _days(60)
    facts = Facts(
        today=TODAY,
        episodes=(EpisodeFact(1, 1, ENROLLED, None), EpisodeFact(2, 2, ENROLLED, None)),
        children=(ChildFact(11, 1, born, 273), ChildFact(12, 2, born, 273)),
        # Family 1 screened 90 days after the birth (inside), family 2 on day 91 after it (outside).
        screens=(
            _caregiver_screen(1, born + timedelta(days=90)),
            _caregiver_screen(2, born + timedelta(days=91)),
        ),
    )
    result = evaluate(measure("depression-screening"), facts, _year())
    assert (result.numerator_count, result.denominator_count) == (1, 2)
    # Its window closes 90 days after the birth: that day puts it in a period.
    quarter = quarter_of(born + timedelta(days=90))
    assert evaluate(measure("depression-screening"), facts, quarter).denominator_count == 2
    assert evaluate(measure("depression-screening"), facts, quarter.previous()).denominator_count == 0


def test_a_window_still_open_and_a_family_gone_unscreened_are_excluded_with_their_reasons():
    facts = Facts(
        today=TODAY,
        episodes=(
            EpisodeFact(1, 1, TODAY - timedelta(days=30), None),  # window closes after today
            EpisodeFact(2, 2, ENROLLED, _days(40)),  # discharged on day 40, never screened
            EpisodeFact(3, 3, ENROLLED, _days(40)),  # discharged on day 40, screened on day 10
        ),
        screens=(_caregiver_screen(3, _days(10), "epds"),),
    )
    result = evaluate(measure("depression-screening"), facts, Period("custom", ENROLLED, date(2027, 3, 1)))
    assert result.exclusion_counts() == {"window_open": 1, "discharged_in_window": 1}
    assert (result.numerator_count, result.denominator_count) == (1, 1)


def test_an_anxiety_screen_does_not_count_as_a_depression_screen():
    facts = Facts(
        today=TODAY,
        episodes=(EpisodeFact(1, 1, ENROLLED, None),),
        screens=(_caregiver_screen(1, _days(5), "gad-7"), ScreenFact(1, "child", 9, "phq-9", _days(5))),
    )
    result = evaluate(measure("depression-screening"), facts, _year())
    assert (result.numerator_count, result.denominator_count) == (0, 1)


def test_preterm_birth_counts_births_to_caregivers_enrolled_before_37_weeks():
    # Births on 1 October; gestation at enrollment = gestation at birth less the days since enrollment.
    born = date(2026, 10, 1)
    before = (born - ENROLLED).days  # 213 days enrolled before the birth
    facts = Facts(
        today=TODAY,
        episodes=(
            *(EpisodeFact(f, f, ENROLLED, None) for f in range(1, 6)),
            EpisodeFact(6, 6, born - timedelta(days=1), None),
        ),
        children=(
            ChildFact(1, 1, born, 36 * 7 + 6),  # preterm (36+6), enrolled early
            ChildFact(2, 2, born, 37 * 7),  # term (37+0): not preterm
            ChildFact(3, 3, born, None),  # gestation not recorded: excluded
            ChildFact(4, 4, None, None),  # still expected: not a birth
            ChildFact(5, 5, date(2025, 1, 1), 250),  # born before enrollment: not this measure's
            # Enrolled the day before a birth at 37+1: 37+0 weeks at enrollment, so outside the measure.
            ChildFact(6, 6, born, 37 * 7 + 1),
        ),
    )
    assert before > 0
    result = evaluate(measure("preterm-birth"), facts, _year())
    assert (result.numerator_count, result.denominator_count) == (1, 2)
    assert result.exclusion_counts() == {"gestation_not_recorded": 1, "enrolled_at_term": 1}


def test_enrolled_at_36_plus_6_weeks_is_in_the_preterm_measure():
    born = date(2026, 10, 1)
    facts = Facts(
        today=TODAY,
        episodes=(EpisodeFact(1, 1, born - timedelta(days=2), None),),
        children=(ChildFact(1, 1, born, 37 * 7 + 1),),  # 36+6 on the day of enrollment
    )
    result = evaluate(measure("preterm-birth"), facts, _year())
    assert (result.numerator_count, result.denominator_count) == (0, 1)


def test_developmental_screening_counts_each_child_at_each_age_whose_window_closed():
    born = date(2025, 1, 15)
    facts = Facts(
        today=TODAY,
        episodes=(EpisodeFact(1, 1, date(2025, 2, 1), None),),
        children=(ChildFact(7, 1, born, 280),),
        # Screened at 8 months exactly (the 9-month window opens), nothing at 18 months.
        screens=(ScreenFact(1, "child", 7, "swyc-bpsc", date(2025, 9, 15)),),
    )
    dev = measure("developmental-screening")
    nine = evaluate(dev, facts, Period("year", date(2025, 1, 1), date(2025, 12, 31)))
    # 9-month window closes 2025-11-15 (10 months): met. The 18-month one closes 2026-09-15: not met.
    assert (nine.numerator_count, nine.denominator_count) == (1, 1)
    eighteen = evaluate(dev, facts, _year())
    assert (eighteen.numerator_count, eighteen.denominator_count) == (0, 1)
    # The 30-month window (closes 2027-10-15) is still open.
    later = evaluate(dev, facts, Period("year", date(2027, 1, 1), date(2027, 12, 31)))
    assert later.exclusion_counts() == {"window_open": 1}


def test_a_screen_the_day_before_the_age_window_opens_does_not_count():
    born = date(2025, 1, 15)
    facts = Facts(
        today=TODAY,
        episodes=(EpisodeFact(1, 1, date(2025, 2, 1), None),),
        children=(ChildFact(7, 1, born, 280),),
        screens=(ScreenFact(1, "child", 7, "swyc-bpsc", date(2025, 9, 14)),),
    )
    result = evaluate(
        measure("developmental-screening"), facts, Period("year", date(2025, 1, 1), date(2025, 12, 31))
    )
    assert (result.numerator_count, result.denominator_count) == (0, 1)


def test_behavioral_concerns_counts_postnatal_visits_with_a_questionnaire_that_day():
    born = date(2026, 5, 1)
    facts = Facts(
        today=TODAY,
        children=(ChildFact(1, 1, born, 280),),
        visits=(
            VisitFact(1, 1, born - timedelta(days=1), "completed", False),  # before the birth: not counted
            VisitFact(2, 1, date(2026, 6, 1), "completed", False),  # questionnaire that day: met
            VisitFact(3, 1, date(2026, 7, 1), "completed", False),  # none: not met
            VisitFact(4, 1, date(2026, 8, 1), "missed", False),  # not held: not counted
        ),
        screens=(ScreenFact(1, "child", 1, "swyc-bpsc", date(2026, 6, 1)),),
    )
    result = evaluate(measure("behavioral-concerns"), facts, _year())
    assert (result.numerator_count, result.denominator_count) == (1, 2)


def test_ipv_screening_window_is_182_days():
    facts = Facts(
        today=TODAY,
        episodes=(EpisodeFact(1, 1, ENROLLED, None), EpisodeFact(2, 2, ENROLLED, None)),
        screens=(_caregiver_screen(1, _days(182), "hits"), _caregiver_screen(2, _days(183), "hits")),
    )
    result = evaluate(measure("ipv-screening"), facts, _year())
    assert (result.numerator_count, result.denominator_count) == (1, 2)


def test_relationship_goal_share_is_counted_on_the_last_day_of_the_period():
    end = date(2026, 9, 30)
    facts = Facts(
        today=TODAY,
        episodes=(
            EpisodeFact(1, 1, end - timedelta(days=60), None),  # 60 days in care: counted
            EpisodeFact(2, 2, end - timedelta(days=59), None),  # 59: excluded, too soon
            EpisodeFact(3, 3, ENROLLED, date(2026, 8, 1)),  # discharged before the end: not in care
            EpisodeFact(4, 4, ENROLLED, None),  # goal for the child only: not met
        ),
        goals=(
            GoalFact(1, "relationship", end),
            GoalFact(2, "relationship", end),
            GoalFact(4, "child", ENROLLED),
        ),
    )
    result = evaluate(measure("relationship-goal"), facts, quarter_of(end))
    assert (result.numerator_count, result.denominator_count) == (1, 2)
    assert result.exclusion_counts() == {"in_care_under_min_days": 1}


def test_visits_completed_against_planned():
    facts = Facts(
        today=TODAY,
        visits=(
            VisitFact(1, 1, date(2026, 11, 2), "completed", False),
            VisitFact(2, 1, date(2026, 11, 9), "missed", False),
            VisitFact(3, 1, date(2026, 11, 16), "cancelled", True),  # rescheduled: counted at its new date
            VisitFact(4, 1, date(2026, 11, 17), "scheduled", False),  # past, never marked: planned, not held
            VisitFact(5, 1, date(2026, 12, 20), "scheduled", False),  # still to come
        ),
    )
    result = evaluate(
        measure("visits-completed"), facts, Period("custom", date(2026, 11, 1), date(2026, 12, 31))
    )
    assert (result.numerator_count, result.denominator_count) == (1, 3)
    assert result.exclusion_counts() == {"rescheduled": 1, "not_yet_due": 1}


def test_a_measure_not_recorded_yet_says_so_instead_of_zero():
    result = evaluate(measure("well-child-visit"), Facts(today=TODAY), _year())
    assert not result.recorded
    assert result.numerator_count is None and result.denominator_count is None and result.rate is None


def test_the_plan_reads_each_source_once_for_every_measure():
    query_plan = plan(MEASURES)
    assert query_plan.sources == {
        "episodes",
        "children",
        "screens",
        "visits",
        "goals",
        "referrals",
        "alerts",
        "caseloads",
        "rsc",
    }
    assert {"phq-9", "hits", "swyc-bpsc"} <= query_plan.instruments
