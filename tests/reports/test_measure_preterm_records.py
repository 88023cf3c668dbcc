"""Preterm birth (version 2) read from real records: enrollments and births in the database, counted for
the manager's program (SQLite and PostgreSQL read dates alike)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from nestling.reports.measures.periods import last_complete
from nestling.reports.scope import PROGRAM, report_scope
from nestling.reports.selectors import measure_table
from tests.factories.families import ChildFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()
QUARTER = last_complete("quarter", TODAY)


def test_a_later_birth_counts_for_a_prenatal_enrollment_and_not_for_one_after_a_birth(world):
    later = QUARTER.start + timedelta(days=10)
    first_born = later - timedelta(days=420)
    # Household A enrolled at 20+0 weeks with her first child; her later child is born in the quarter at
    # 35+0: counted, preterm.
    EnrollmentFactory(family=world.family_a, enrolled_on=first_born - timedelta(days=140))
    ChildFactory(family=world.family_a, date_of_birth=first_born, gestation_weeks=40, gestation_days=0)
    ChildFactory(family=world.family_a, date_of_birth=later, gestation_weeks=35, gestation_days=0)
    # Household B enrolled a month after her first child's birth: her later child is not counted.
    EnrollmentFactory(family=world.family_b, enrolled_on=first_born + timedelta(days=30))
    ChildFactory(family=world.family_b, date_of_birth=first_born, gestation_weeks=40, gestation_days=0)
    ChildFactory(family=world.family_b, date_of_birth=later, gestation_weeks=35, gestation_days=0)

    scope = report_scope(world.manager, kind=PROGRAM, program=world.program)
    rows = {
        row.measure.key: row.current
        for row in measure_table(scope, QUARTER, with_previous=False, today=TODAY)
    }

    preterm = rows["preterm-birth"]
    assert preterm.measure.ref == "preterm-birth@2"
    assert (preterm.numerator_count, preterm.denominator_count) == (1, 1)
    assert preterm.families("met") == {world.family_a.pk}
    assert preterm.exclusion_counts() == {}
