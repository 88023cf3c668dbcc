"""Every shipped measure for a program-year on the 100k-family demo: seconds and queries, per program
and all together, as the program manager reads them (the funder's table's computation). See
bench/README.md.

    .venv/bin/python bench/measures.py                      # builds a throwaway 100k demo (SQLite)
    .venv/bin/python bench/measures.py --data-dir DIR       # the demo already built in DIR (or build it)
    .venv/bin/python bench/measures.py --families 2000      # a smaller demo, for a quick look
    DATABASE_URL=postgres://... .venv/bin/python bench/measures.py   # PostgreSQL (the demo is built there)

The target: all measures of every program for one year in at most 5 s together. Synthetic data only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.worklist import _build, _setup  # noqa: E402  (the same throwaway demo)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="where the demo database is (built there if missing)")
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--year", type=int, help="a calendar year (default: the twelve months to today)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    throwaway = args.data_dir is None
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="nestling-measures-bench."))
    try:
        _setup(data_dir)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from nestling.accounts.models import User
        from nestling.demo.builder import DEMO_DOMAIN
        from nestling.reports.measures.periods import Period, year_of
        from nestling.reports.scope import PROGRAM, programs_for, report_scope
        from nestling.reports.selectors import measure_table

        _build(args.families)
        manager = User.objects.get(email=f"manager@{DEMO_DOMAIN}")
        today = date.today()
        period = (
            year_of(date(args.year, 1, 1))
            if args.year
            else Period("custom", today.replace(year=today.year - 1) + timedelta(days=1), today)
        )
        load = " ".join(f"{n:.1f}" for n in os.getloadavg())
        print(
            f"database: {connection.vendor}; period {period.key}; best of {args.runs}; load {load}",
            flush=True,
        )
        total_best = total_cpu = 0.0
        for program in programs_for(manager, kind=PROGRAM):
            best, best_cpu, queries, counted = float("inf"), float("inf"), 0, 0
            for _ in range(args.runs):
                manager = User.objects.get(pk=manager.pk)  # a fresh request's user: roles read again
                scope = report_scope(manager, kind=PROGRAM, program=program)
                started, started_cpu = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as captured:
                    rows = measure_table(scope, period, with_previous=False)
                best = min(best, time.perf_counter() - started)
                # This process's own CPU time: what the run costs when the machine is not shared (the
                # database's time is in it for SQLite, not for PostgreSQL's server).
                best_cpu = min(best_cpu, time.process_time() - started_cpu)
                queries = len(captured)
                counted = sum(r.current.denominator_count or 0 for r in rows)
            total_best += best
            total_cpu += best_cpu
            line = (
                f"{program.name:<40} {best:6.2f} s wall {best_cpu:6.2f} s CPU {queries:4} queries"
                f" {counted:8} units counted"
            )
            print(line, flush=True)
        print(f"{'all programs':<40} {total_best:6.2f} s wall {total_cpu:6.2f} s CPU (target 5 s)")
        print("load average at the end: " + " ".join(f"{n:.1f}" for n in os.getloadavg()))
    finally:
        if throwaway:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NESTLING_ENV", "development")
    raise SystemExit(main())
