"""Qualification and endorsement readiness as plain arithmetic on dates and hours."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from nestling.workforce.endorsement_defaults import DEFAULT_RULES
from nestling.workforce.qualification import QualificationFacts, qualification_of
from nestling.workforce.readiness import Hours, months_before, progress_of

TODAY = date(2026, 12, 2)


def _rule(credential: str, purpose: str = "earn"):
    return next(r for r in DEFAULT_RULES if r.credential == credential and r.purpose == purpose)


def test_qualification_needs_training_and_rsc_received_within_the_window():
    trained = TODAY - timedelta(days=300)
    # Given training completed and RS/C received 90 days ago, with a 90-day window
    held = qualification_of(QualificationFacts(trained, TODAY - timedelta(days=90)), on=TODAY, window_days=90)
    # Then it is held, until the 90th day after that session
    assert held.qualified and held.rsc_current_until == TODAY and not held.by_override
    # And the day after, it has lapsed (trained, RS/C once received, no longer recent)
    lapsed = qualification_of(
        QualificationFacts(trained, TODAY - timedelta(days=91)), on=TODAY, window_days=90
    )
    assert not lapsed.qualified and lapsed.lapsed and lapsed.has_training and not lapsed.rsc_recent
    # And without training, recent RS/C is not enough
    untrained = qualification_of(QualificationFacts(None, TODAY), on=TODAY, window_days=90)
    assert not untrained.qualified and not untrained.lapsed


def test_a_manager_s_override_holds_until_its_last_day_only():
    facts = QualificationFacts(None, None, override_until=TODAY)
    assert qualification_of(facts, on=TODAY, window_days=90).by_override
    assert not qualification_of(facts, on=TODAY + timedelta(days=1), window_days=90).qualified


def test_training_completed_in_the_future_does_not_count():
    facts = QualificationFacts(TODAY + timedelta(days=1), TODAY)
    assert not qualification_of(facts, on=TODAY, window_days=90).qualified


def test_months_before_keeps_the_day_or_takes_the_month_s_last():
    assert months_before(date(2026, 12, 2), 24) == date(2024, 12, 2)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_infant_family_specialist_counts_rsc_within_two_years_and_training_of_any_date():
    rule = _rule("ifs")
    assert (rule.rsc_hours, rule.training_hours, rule.rsc_window_months) == (24, 30, 24)
    rsc = [Hours(TODAY - timedelta(days=30 * n), Decimal("1.5")) for n in range(12)]  # 18 h this year
    rsc.append(Hours(TODAY - timedelta(days=800), Decimal(10)))  # too long ago to count
    training = [Hours(TODAY - timedelta(days=2000), Decimal(30))]  # long ago, still counts
    progress = progress_of(rule, rsc=rsc, training=training, on=TODAY)
    assert (progress.rsc_have, progress.rsc_short, progress.training_short) == (18, 6, 0)
    assert not progress.ready and progress.share == 88


def test_renewal_counts_training_of_the_last_year_only():
    rule = _rule("imhs", "renew")
    assert (rule.rsc_hours, rule.training_hours) == (12, 15)
    training = [
        Hours(TODAY - timedelta(days=400), Decimal(40)),
        Hours(TODAY - timedelta(days=10), Decimal(15)),
    ]
    rsc = [Hours(TODAY - timedelta(days=20 * n), Decimal(1)) for n in range(12)]
    progress = progress_of(rule, rsc=rsc, training=training, on=TODAY)
    assert progress.training_have == 15 and progress.rsc_have == 12 and progress.ready


def test_the_mentor_rules_the_reference_leaves_unverified_are_marked_so():
    unverified = {r.credential for r in DEFAULT_RULES if not r.verified}
    assert unverified == {"mentor_clinical", "mentor_policy", "mentor_research"}


def test_the_cores_import_no_django():
    code = (
        "import sys; import nestling.workforce.qualification, nestling.workforce.readiness, "
        "nestling.workforce.endorsement_defaults; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    completed = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": src}, check=False)
    assert completed.returncode == 0
