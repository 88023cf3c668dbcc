"""The worklist's in-process cost on the 100k-family demo: milliseconds per render through Django's test
client, and the queries one render makes, for practitioners of the demo (and a supervisor reading one of
their supervisees' worklists; the week page beside it). See bench/README.md.

    .venv/bin/python bench/worklist.py                          # builds a throwaway 100k demo (SQLite)
    .venv/bin/python bench/worklist.py --keep                   # ... and keeps it, printing where
    .venv/bin/python bench/worklist.py --data-dir DIR           # the demo already built in DIR (or build it)
    .venv/bin/python bench/worklist.py --families 2000          # a smaller demo, for a quick look

Until the demo has visits of its own, the script gives each measured practitioner's families visits of its
own in the bench's database (six past, two to come: signed notes, drafts and none), so that the worklist's
visit queries have rows to read; `--no-visits` leaves the demo as built. Nothing is sent over a network;
the data is the demo's synthetic data.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRACTITIONERS = ("practitioner", "practitioner00003")  # Pat (the hand-shaped families) and a bulk one
SUPERVISOR = "supervisor"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="where the demo database is (built there if missing)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway data dir")
    parser.add_argument("--families", type=int, default=100_000, help="demo size when building (100000)")
    parser.add_argument("--requests", type=int, default=50, help="timed renders per page (50)")
    parser.add_argument("--warmup", type=int, default=5, help="renders before timing (5)")
    parser.add_argument("--no-visits", action="store_true", help="do not add visits to the demo")
    return parser.parse_args()


def _setup(data_dir: Path) -> None:
    os.environ["NESTLING_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("NESTLING_ENV", "development")
    os.environ["NESTLING_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _build(families: int) -> None:
    from django.core.management import call_command

    from nestling.demo.builder import demo_exists

    call_command("migrate", verbosity=0, interactive=False)
    if demo_exists():
        return
    started = time.perf_counter()
    call_command("demo", families=families, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"demo of {families} families built in {time.perf_counter() - started:.1f} s")


def _add_visits(emails: list[str]) -> int:
    """Visits for the measured practitioners' families, once, as a caseload has them: weekly for five weeks
    and two to come; every past note signed but the latest, which is a draft in one family in three and not
    begun in another."""
    from django.utils import timezone

    from nestling.access.policy import caseload_families
    from nestling.accounts.models import User
    from nestling.visits.models import Visit, VisitNote

    today = timezone.localdate()
    made = 0
    for user in User.objects.filter(email__in=emails):
        if Visit.objects.filter(practitioner=user).exists():
            continue
        families = list(caseload_families(user).order_by("pk"))
        Visit.objects.bulk_create(
            [
                Visit(
                    organization_id=user.organization_id,
                    family=family,
                    practitioner=user,
                    visit_on=today + timedelta(days=offset - index % 5),
                    starts_at=clock(9 + index % 8, 0),
                    duration_minutes=60,
                    setting="home",
                    status="completed" if offset < 0 else "scheduled",
                )
                for index, family in enumerate(families)
                for offset in (-35, -28, -21, -14, -7, 9, 16)
            ]
        )
        notes = []
        for index, family in enumerate(families):
            past = list(
                Visit.objects.filter(practitioner=user, family=family, status="completed").order_by(
                    "visit_on"
                )
            )
            for visit in past:
                latest = visit == past[-1]
                if latest and index % 3 == 2:
                    continue  # not begun
                signed = not latest or index % 3 == 0
                notes.append(
                    VisitNote(
                        organization_id=user.organization_id,
                        visit=visit,
                        family_id=family.pk,
                        observed="Synthetic note.",
                        **(
                            {"status": "signed", "signed_at": timezone.now(), "signed_by": user}
                            if signed
                            else {}
                        ),
                    )
                )
        VisitNote.objects.bulk_create(notes)
        made += Visit.objects.filter(practitioner=user).count()
    return made


def _client(email: str):
    from django.test import Client

    from nestling.accounts.middleware import MFA_OK
    from nestling.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    session = client.session
    session[MFA_OK] = True
    session.save()
    return client


def _measure(client, url: str, requests: int, warmup: int) -> tuple[float, float, int, int]:
    """Median and 90th-percentile milliseconds per render, the queries of one render, and its status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(url)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], len(queries), response.status_code


def main() -> int:
    args = _arguments()
    throwaway = args.data_dir is None
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="nestling-worklist-bench."))
    try:
        _setup(data_dir)
        from django.db import connection
        from django.urls import reverse

        from nestling.demo.builder import DEMO_DOMAIN

        _build(args.families)
        emails = [f"{local}@{DEMO_DOMAIN}" for local in PRACTITIONERS]
        if not args.no_visits:
            made = _add_visits(emails)
            if made:
                print(f"{made} visits added to the measured practitioners' families")
        print(f"database: {connection.vendor}; {args.requests} renders per page after {args.warmup} warm-up")
        print(f"{'page':<48} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'rows':>6}")
        cases = [(email, reverse("worklist"), "") for email in emails]
        # The caseload beside it, measured alike: the page the worklist sits next to.
        cases.append((emails[0], reverse("caseload"), ""))
        cases.append((f"{SUPERVISOR}@{DEMO_DOMAIN}", reverse("worklist"), "(the first supervisee's)"))
        cases.append((emails[0], reverse("week_schedule"), ""))
        for email, url, note in cases:
            client = _client(email)
            median, p90, queries, status = _measure(client, url, args.requests, args.warmup)
            if status != 200:
                print(f"{url} for {email} answered {status}", file=sys.stderr)
                return 1
            body = client.get(url).content.decode()
            items = body.count('data-testid="worklist-item"') or body.count('data-testid="week-visit"')
            label = f"{url} {email.split('@')[0]} {note}".strip()
            print(f"{label:<48} {median:>10.1f} {p90:>8.1f} {queries:>8} {(items or '—')!s:>6}")
    finally:
        if throwaway and not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        elif throwaway:
            print(f"the demo is kept in {data_dir} (reuse it with --data-dir)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
