"""Due windows: enrollment, postpartum and child-age rules, with corrected age where it applies."""

from __future__ import annotations

from datetime import date

import pytest

from nestling.families.age import Gestation
from nestling.screening.schedule import (
    DueWindow,
    ScheduleError,
    ScheduleRule,
    due_window,
    rule_errors,
    status,
    status_by_age,
)


def test_an_enrollment_screen_is_due_on_enrollment_and_overdue_after_its_window():
    rule = ScheduleRule(anchor="enrollment", window_after_days=14)

    window = due_window(rule, enrollment_date=date(2025, 3, 3))

    assert (window.due_from, window.due_by) == (date(2025, 3, 3), date(2025, 3, 17))
    assert status(window, date(2025, 3, 17)) == "due"
    assert status(window, date(2025, 3, 18)) == "overdue"


def test_an_epds_at_6_weeks_postpartum_is_due_for_a_mother_6_weeks_after_delivery():
    rule = ScheduleRule(anchor="delivery", offset=6, unit="weeks", window_before_days=7, window_after_days=14)
    delivery = date(2025, 1, 10)

    window = due_window(rule, delivery_date=delivery)

    assert window.target == date(2025, 2, 21)
    assert status(window, date(2025, 2, 13)) == "upcoming"
    assert status(window, date(2025, 2, 14)) == "due"
    assert status(window, date(2025, 3, 7)) == "due"
    assert status(window, date(2025, 3, 8)) == "overdue"


def test_months_are_calendar_months_and_the_31st_falls_back_to_the_month_end():
    rule = ScheduleRule(anchor="birth", offset=1, unit="months")

    assert due_window(rule, birth_date=date(2024, 1, 31)).target == date(2024, 2, 29)


def test_a_preterm_child_is_screened_at_corrected_age():
    # Born at 32+0 weeks: 8 weeks early, so corrected age counts from 56 days after birth.
    rule = ScheduleRule(anchor="birth", offset=9, unit="months", age_basis="corrected")
    birth = date(2024, 1, 1)

    window = due_window(rule, birth_date=birth, gestation=Gestation(32, 0))

    assert window.corrected is True
    assert window.target == date(2024, 11, 26)  # EDD 2024-02-26 plus 9 months


def test_a_child_born_less_than_3_weeks_early_uses_chronological_age():
    rule = ScheduleRule(anchor="birth", offset=9, unit="months", age_basis="corrected")

    window = due_window(rule, birth_date=date(2024, 1, 1), gestation=Gestation(37, 2))

    assert window.corrected is False
    assert window.target == date(2024, 10, 1)


def test_correction_stops_for_a_screen_that_falls_after_24_months():
    rule = ScheduleRule(anchor="birth", offset=30, unit="months", age_basis="corrected")

    window = due_window(rule, birth_date=date(2022, 1, 1), gestation=Gestation(30, 0))

    assert window.corrected is False
    assert window.target == date(2024, 7, 1)


def test_a_chronological_rule_ignores_gestation():
    rule = ScheduleRule(anchor="birth", offset=18, unit="months")

    window = due_window(rule, birth_date=date(2024, 1, 1), gestation=Gestation(28, 0))

    assert window.corrected is False


def test_a_screen_done_inside_the_window_is_done_even_after_the_window_closes():
    window = DueWindow(date(2025, 1, 10), date(2025, 1, 1), date(2025, 1, 20), corrected=False)

    assert status(window, date(2025, 3, 1), completed_on=date(2025, 1, 5)) == "done"
    assert status(window, date(2025, 3, 1), completed_on=date(2024, 12, 1)) == "overdue"


def test_status_by_age_matches_the_date_arithmetic():
    assert status_by_age(target_age_days=270, age_days=255, window_before_days=14) == "upcoming"
    assert status_by_age(target_age_days=270, age_days=256, window_before_days=14) == "due"
    assert status_by_age(target_age_days=270, age_days=300, window_after_days=30) == "due"
    assert status_by_age(target_age_days=270, age_days=301, window_after_days=30) == "overdue"


def test_a_rule_needs_its_anchor_date():
    with pytest.raises(ScheduleError, match="needs the delivery date"):
        due_window(ScheduleRule(anchor="delivery"), enrollment_date=date(2025, 1, 1))


def test_a_broken_rule_reports_every_problem():
    with pytest.raises(ScheduleError) as caught:
        ScheduleRule.from_dict(
            {"anchor": "delivery", "unit": "fortnights", "offset": -2, "age_basis": "corrected"}
        )

    message = str(caught.value)
    for fragment in ("unit must be", "offset must be", "corrected age only applies"):
        assert fragment in message


def test_unknown_rule_fields_are_refused():
    with pytest.raises(ScheduleError, match="unknown schedule fields: every"):
        ScheduleRule.from_dict({"anchor": "birth", "every": 3})


def test_a_valid_rule_has_no_errors():
    assert rule_errors(ScheduleRule(anchor="birth", offset=4, unit="months", window_after_days=30)) == []
