"""Preterm birth, version 2 (MIECHV Form 2 #1 as published): a mother's enrollment decides for every birth
after it — the birth she enrolled for and any later one while enrolled. Hand-built families, with the
numerator and denominator worked out here, and the boundary of each window. Pure: no database."""

from __future__ import annotations

from datetime import date, timedelta

from nestling.reports.measures.definitions import BY_REF, TERM_DAYS_MIN, measure
from nestling.reports.measures.engine import evaluate
from nestling.reports.measures.facts import ChildFact, EpisodeFact, Facts
from nestling.reports.measures.periods import Period

TODAY = date(2026, 12, 1)
YEAR_2026 = Period("year", date(2026, 1, 1), date(2026, 12, 31))
LATER_BIRTH = date(2026, 8, 1)


def _enrolled_at(gestation_days: int, born: date, at_birth: int = 280) -> date:
    """The enrollment day that puts a mother `gestation_days` into the pregnancy of a birth on `born`
    at `at_birth` days."""
    return born - timedelta(days=at_birth - gestation_days)


def _both(facts: Facts, period: Period = YEAR_2026):
    """The current version and the first, for the same facts and period."""
    first = BY_REF["preterm-birth@1"]
    return evaluate(measure("preterm-birth"), facts, period), evaluate(first, facts, period)


def test_the_current_version_is_the_second_and_the_first_is_still_shipped():
    assert measure("preterm-birth").ref == "preterm-birth@2"
    assert BY_REF["preterm-birth@1"].recorded


def test_a_later_birth_counts_only_when_the_mother_enrolled_prenatally_before_37_weeks():
    index_born = date(2025, 6, 1)
    facts = Facts(
        today=TODAY,
        episodes=(
            # 1: enrolled at 20+0 weeks with her first child: her later birth is counted.
            EpisodeFact(1, 1, _enrolled_at(140, index_born), None),
            # 2: enrolled after her first child's birth: her later birth is not this measure's.
            EpisodeFact(2, 2, date(2025, 1, 10), None),
            # 3: enrolled at 37+0 weeks: her later birth is excluded as enrolled at term.
            EpisodeFact(3, 3, _enrolled_at(TERM_DAYS_MIN, index_born), None),
            # 4: enrolled not pregnant, conceived soon after (born 269 days on, at 38+0): not counted.
            EpisodeFact(4, 4, date(2026, 1, 5), None),
        ),
        children=(
            ChildFact(11, 1, index_born, 280),
            ChildFact(12, 1, LATER_BIRTH, 250),  # preterm
            ChildFact(21, 2, date(2024, 10, 1), 280),
            ChildFact(22, 2, LATER_BIRTH, 250),  # preterm
            ChildFact(31, 3, index_born, 280),
            ChildFact(32, 3, LATER_BIRTH, 250),  # preterm
            ChildFact(41, 4, date(2026, 10, 1), 38 * 7),
        ),
    )
    current, first = _both(facts)
    # Version 2: family 1's later birth alone is counted, and it is preterm: 1 of 1; family 3's is
    # excluded as enrolled at term; families 2 and 4 did not enroll prenatally and are not counted.
    assert (current.numerator_count, current.denominator_count) == (1, 1)
    assert current.families("met") == {1}
    assert current.exclusion_counts() == {"enrolled_at_term": 1}
    # Version 1 judged each birth by itself and counted all four: three preterm of four.
    assert (first.numerator_count, first.denominator_count) == (3, 4)
    assert first.exclusion_counts() == {}


def test_enrolled_at_36_plus_6_counts_a_later_birth_and_at_37_plus_0_does_not():
    index_born = date(2025, 6, 1)
    facts = Facts(
        today=TODAY,
        episodes=(
            EpisodeFact(1, 1, _enrolled_at(TERM_DAYS_MIN - 1, index_born), None),  # 36+6 at enrollment
            EpisodeFact(2, 2, _enrolled_at(TERM_DAYS_MIN, index_born), None),  # 37+0 at enrollment
            EpisodeFact(3, 3, _enrolled_at(140, index_born), None),  # 20+0 at enrollment
        ),
        children=(
            ChildFact(11, 1, index_born, 280),
            ChildFact(12, 1, LATER_BIRTH, TERM_DAYS_MIN - 1),  # born at 36+6: preterm
            ChildFact(21, 2, index_born, 280),
            ChildFact(22, 2, LATER_BIRTH, TERM_DAYS_MIN - 1),
            ChildFact(31, 3, index_born, 280),
            ChildFact(32, 3, LATER_BIRTH, TERM_DAYS_MIN),  # born at 37+0: not preterm
        ),
    )
    current, _ = _both(facts)
    # Families 1 and 3 are counted (2 births), family 1's is preterm: 1 of 2; family 2 is at term.
    assert (current.numerator_count, current.denominator_count) == (1, 2)
    assert current.families("met") == {1} and current.families("not_met") == {3}
    assert current.exclusion_counts() == {"enrolled_at_term": 1}


def test_the_birth_she_enrolled_for_keeps_its_boundaries():
    born = date(2026, 10, 1)
    at_birth = TERM_DAYS_MIN + 1  # 37+1
    facts = Facts(
        today=TODAY,
        episodes=(
            EpisodeFact(1, 1, _enrolled_at(TERM_DAYS_MIN - 1, born, at_birth), None),  # 36+6: counted
            EpisodeFact(2, 2, _enrolled_at(TERM_DAYS_MIN, born, at_birth), None),  # 37+0: at term
            EpisodeFact(3, 3, _enrolled_at(100, born, TERM_DAYS_MIN - 1), None),
            EpisodeFact(4, 4, born, None),  # enrolled on the day of the birth: not after it
        ),
        children=(
            ChildFact(1, 1, born, at_birth),  # not preterm
            ChildFact(2, 2, born, at_birth),
            ChildFact(3, 3, born, TERM_DAYS_MIN - 1),  # born at 36+6: preterm
            ChildFact(4, 4, born, TERM_DAYS_MIN - 1),
        ),
    )
    current, first = _both(facts)
    # Families 1 and 3 are counted, family 3's birth is preterm: 1 of 2; family 2 enrolled at term;
    # family 4's birth was not after enrollment. Version 1 agreed on the birth a mother enrolled for.
    assert (current.numerator_count, current.denominator_count) == (1, 2)
    assert current.families("met") == {3}
    assert current.exclusion_counts() == {"enrolled_at_term": 1}
    assert (first.numerator_count, first.denominator_count) == (1, 2)
    assert first.exclusion_counts() == {"enrolled_at_term": 1}


def test_a_mother_whose_gestation_at_enrollment_is_unknown_has_her_births_counted_as_missing():
    index_born = date(2025, 6, 1)
    facts = Facts(
        today=TODAY,
        episodes=(
            EpisodeFact(1, 1, index_born - timedelta(days=100), None),  # pregnant then, how far unknown
            EpisodeFact(2, 2, _enrolled_at(140, index_born), None),
        ),
        children=(
            ChildFact(11, 1, index_born, None),
            ChildFact(12, 1, LATER_BIRTH, 250),
            ChildFact(21, 2, index_born, 280),
            ChildFact(22, 2, LATER_BIRTH, None),  # this birth's own gestation not recorded
        ),
    )
    current, _ = _both(facts)
    assert (current.numerator_count, current.denominator_count) == (0, 0)
    assert current.exclusion_counts() == {"gestation_not_recorded": 2}
    assert current.families("gestation_not_recorded") == {1, 2}


def test_a_birth_after_discharge_is_not_counted_and_a_new_prenatal_enrollment_is_judged_by_itself():
    index_born = date(2025, 6, 1)
    facts = Facts(
        today=TODAY,
        episodes=(
            # 1: enrolled prenatally, discharged before her later birth.
            EpisodeFact(1, 1, _enrolled_at(140, index_born), date(2025, 12, 31)),
            # 2: first enrolled after a birth; discharged; enrolled again at 17+1 weeks of her next.
            EpisodeFact(2, 2, date(2024, 11, 1), date(2025, 12, 31)),
            EpisodeFact(3, 2, _enrolled_at(120, LATER_BIRTH, 250), None),
        ),
        children=(
            ChildFact(11, 1, index_born, 280),
            ChildFact(12, 1, LATER_BIRTH, 250),
            ChildFact(21, 2, date(2024, 10, 1), 280),
            ChildFact(22, 2, LATER_BIRTH, 250),  # preterm, the birth of her second enrollment
        ),
    )
    current, _ = _both(facts)
    assert (current.numerator_count, current.denominator_count) == (1, 1)
    assert current.families("met") == {2}


def test_a_birth_on_the_first_and_last_day_of_the_period_counts_and_one_a_day_outside_does_not():
    quarter = Period("quarter", date(2026, 7, 1), date(2026, 9, 30))
    days = (date(2026, 6, 30), quarter.start, quarter.end, date(2026, 10, 1))
    facts = Facts(
        today=TODAY,
        episodes=tuple(EpisodeFact(f, f, _enrolled_at(140, day), None) for f, day in enumerate(days, 1)),
        children=tuple(ChildFact(10 + f, f, day, 280) for f, day in enumerate(days, 1)),
    )
    current, _ = _both(facts, quarter)
    assert (current.numerator_count, current.denominator_count) == (0, 2)
    assert current.families("denominator") == {2, 3}
