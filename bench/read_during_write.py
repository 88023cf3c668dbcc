"""Audited read during a long write: how long writing a read's audit row takes while another connection
holds open a write transaction that has appended its own audit row to the same organization's trail.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nestling .venv/bin/python bench/read_during_write.py

PostgreSQL on loopback only. It creates Django's throwaway test database for that URL (`test_<name>`),
migrates it, runs, and drops it again, so the database named in the URL is never touched. Bounded: each
round holds the write open for `--hold` seconds and then commits, whatever the read does, so a read that
waits for the write waits at most that long; `--rounds` rounds in all.

To measure other code (a base commit checked out elsewhere), put its `src` first on the path:
`PYTHONPATH=/tmp/base/src .venv/bin/python bench/read_during_write.py`; the report names the code it ran.

SQLite is refused: it lets one writer in at a time, so an audited read (which writes its audit row)
waits for any open write transaction whatever the audit code does.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ORGANIZATION = 1  # audit rows carry a plain organization id; no organization row is needed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="write transactions held open (10)")
    parser.add_argument("--hold", type=float, default=2.0, help="seconds each is held open (2.0)")
    args = parser.parse_args()
    if not 1 <= args.rounds <= 100 or not 0.1 <= args.hold <= 30:
        parser.error("--rounds must be 1 to 100 and --hold 0.1 to 30 seconds")
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or parts.hostname not in LOOPBACK:
        print("DATABASE_URL must name a PostgreSQL server on loopback (postgres://user@127.0.0.1:port/name)")
        return 2

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
    os.environ.setdefault("NESTLING_ENV", "test")
    # The throwaway database's checkpoints, if any, must not be checked against a real anchor file.
    scratch = tempfile.TemporaryDirectory(prefix="nestling-bench-")
    os.environ["NESTLING_AUDIT_ANCHOR_FILE"] = str(Path(scratch.name) / "audit-anchors.jsonl")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections, transaction
    from django.test.utils import setup_databases, teardown_databases

    import nestling
    from nestling.audit.services import audit_record

    def append(action: str) -> None:
        audit_record(actor=None, organization_id=ORGANIZATION, action=action, category="bench")

    def timed_read() -> float:
        started = time.perf_counter()
        append("read")
        return time.perf_counter() - started

    def held_write(appended: threading.Event) -> None:
        try:
            with transaction.atomic():
                append("change")
                appended.set()
                time.sleep(args.hold)
        finally:
            appended.set()
            connections.close_all()

    code = Path(nestling.__file__).resolve().parent.parent
    print(f"code: {code} ({_commit(code)})")
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            print(f"database: {connection.settings_dict['NAME']} on {cursor.fetchone()[0].split(',')[0]}")
        append("read")  # the organization's trail exists, as on any running system
        idle = [timed_read() for _ in range(args.rounds)]
        during: list[float] = []
        for _ in range(args.rounds):
            appended = threading.Event()
            writer = threading.Thread(target=held_write, args=(appended,))
            writer.start()
            appended.wait(args.hold + 10)
            during.append(timed_read())
            writer.join(args.hold + 10)
        print(f"write held open {args.hold:.1f} s per round, {args.rounds} rounds")
        print(f"audited read, no write open:   {_summary(idle)}")
        print(f"audited read, during a write:  {_summary(during)}")
        call_command("audit", "verify")
    finally:
        connections.close_all()
        teardown_databases(databases, verbosity=0)
        scratch.cleanup()
    return 0


def _summary(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p50 = ordered[len(ordered) // 2]
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {p50 * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms   max {ordered[-1] * 1000:8.1f} ms"


def _commit(path: Path) -> str:
    git = ["git", "-C", str(path)]
    found = subprocess.run([*git, "log", "-1", "--format=%h"], capture_output=True, text=True, check=False)
    changed = [*git, "status", "--porcelain", "--", "."]
    dirty = subprocess.run(changed, capture_output=True, text=True, check=False)
    commit = found.stdout.strip() or "not a git checkout"
    return f"{commit}, with uncommitted changes" if dirty.stdout.strip() else commit


if __name__ == "__main__":
    sys.exit(main())
