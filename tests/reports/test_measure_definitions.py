"""Published measure definitions never change, and every definition is one the engine can evaluate."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import nestling.reports.measures as measures_package
from nestling.reports.measures.definitions import (
    BY_KEY,
    BY_REF,
    DRAFT,
    MEASURES,
    PUBLISHED,
    SUPERSEDED,
    digest,
)
from nestling.reports.measures.engine import EXCLUSIONS, SOURCES_OF
from nestling.reports.measures.periods import Period, last_complete, parse_period

PINS = json.loads((Path(measures_package.__file__).parent / "published.json").read_text())["definitions"]


SHIPPED = (*MEASURES, *SUPERSEDED)


@pytest.mark.parametrize("measure", [m for m in SHIPPED if m.status == PUBLISHED], ids=lambda m: m.ref)
def test_a_published_definition_is_the_one_pinned(measure):
    assert PINS.get(measure.ref) == digest(measure), (
        f"{measure.ref} changed after it was published: publish {measure.key}@{measure.version + 1} instead"
    )


def test_every_pinned_definition_is_still_shipped():
    shipped = {m.ref for m in SHIPPED if m.status == PUBLISHED}
    assert set(PINS) <= shipped


def test_each_key_and_version_is_shipped_once():
    refs = [m.ref for m in SHIPPED]
    assert len(refs) == len(set(refs)) == len(BY_REF)
    assert len({m.key for m in MEASURES}) == len(MEASURES)


@pytest.mark.parametrize("old", SUPERSEDED, ids=lambda m: m.ref)
def test_a_superseded_version_is_a_published_one_with_a_newer_current_version(old):
    assert old.status == PUBLISHED
    assert BY_KEY[old.key].version > old.version


@pytest.mark.parametrize("measure", SHIPPED, ids=lambda m: m.ref)
def test_a_definition_is_evaluable_or_says_what_it_needs(measure):
    if measure.status == DRAFT:
        assert measure.needs and not measure.recorded
    else:
        assert measure.population in SOURCES_OF and measure.reads
        assert set(measure.exclusions) <= set(EXCLUSIONS)


def test_periods_and_the_one_before():
    today = date(2026, 12, 2)
    quarter = last_complete("quarter", today)
    assert (quarter.start, quarter.end, quarter.key) == (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")
    assert quarter.previous().key == "2026-Q2"
    assert last_complete("month", today).key == "2026-11"
    assert parse_period("month", "2026-01").previous().key == "2025-12"
    custom = parse_period("custom", "", start="2026-01-10", end="2026-01-19")
    assert custom.previous() == Period("custom", date(2025, 12, 31), date(2026, 1, 9))
    assert [m.key for m in quarter.months()] == ["2026-07", "2026-08", "2026-09"]


@pytest.mark.parametrize(
    ("kind", "value", "start", "end"),
    [
        ("quarter", "2026-Q5", "", ""),
        ("custom", "", "2026-02-01", "2026-01-01"),
        ("custom", "", "2020-01-01", "2026-01-01"),
        ("week", "x", "", ""),
    ],
)
def test_a_period_that_makes_no_sense_is_refused(kind, value, start, end):
    with pytest.raises(ValueError):
        parse_period(kind, value, start=start, end=end)


@pytest.mark.parametrize(
    "module",
    [
        "nestling.reports.measures.definitions",
        "nestling.reports.measures.engine",
        "nestling.reports.measures.periods",
        "nestling.reports.trend_plot",
    ],
)
def test_the_measure_core_imports_no_django(module):
    code = (
        f"import sys, {module};"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    completed = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": src}, check=False)
    assert completed.returncode == 0
