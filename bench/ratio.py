"""The ratio: each main page's throughput as a share of a minimal authorized, audited read of one record,
measured in one process on the 100k-family demo, so that a busy machine slows both sides alike.

    .venv/bin/python bench/ratio.py --data-dir /tmp/bench-100k          # builds the demo there the first time
    .venv/bin/python bench/ratio.py --data-dir DIR --seconds 2 --rounds 7
    .venv/bin/python bench/ratio.py --data-dir DIR --profile family     # cProfile of the family page
    BENCH_SRC=/tmp/base/src .venv/bin/python bench/ratio.py --data-dir DIR   # the code of another checkout

(a), the baseline, is a tiny view served through the same middleware stack as every page (session, user,
second factor, access, audit): `family_for_request` (the visibility check on one row, and the audited read
of that family) and one row more (the family's first child), answered as a few bytes of text. It is
mounted for this process only (a URLconf made here that includes the project's), so nothing of it ships.

Each page is measured against (a) in alternating slices (`--seconds` of (a), then as long of the page,
`--rounds` times); each slice gives requests/s and the share is the median of the rounds' shares. A noisy
neighbour slows both halves of a round alike, which is what makes the share worth comparing across runs.
Django's test client runs the real middleware and templates (WSGI in-process); nothing goes over a
network. The data is the demo's synthetic data.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PRACTITIONER = "practitioner"  # Pat: the hand-shaped families, with screening and growth histories
BASELINE_URLCONF = "nestling_bench_ratio_urls"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", required=True, help="the demo's data dir (built there if missing)")
    parser.add_argument("--families", type=int, default=100_000, help="demo size when building (100000)")
    parser.add_argument("--seconds", type=float, default=1.5, help="length of one slice (1.5 s)")
    parser.add_argument("--rounds", type=int, default=5, help="slices of each page and of (a) (5)")
    parser.add_argument("--warmup", type=int, default=5, help="requests of each before timing (5)")
    parser.add_argument("--only", help="measure only these pages (comma-separated names)")
    parser.add_argument("--profile", help="instead, profile this page (a name) with cProfile and stop")
    parser.add_argument("--profile-requests", type=int, default=30, help="requests profiled (30)")
    args = parser.parse_args()
    if not 0.2 <= args.seconds <= 30 or not 1 <= args.rounds <= 50:
        parser.error("--seconds must be 0.2 to 30 and --rounds 1 to 50")
    return args


def _setup(data_dir: Path) -> None:
    os.environ["NESTLING_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("NESTLING_ENV", "development")
    os.environ["NESTLING_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
    # BENCH_SRC: another checkout's src (a base commit, to compare), else this one's.
    sys.path.insert(0, os.environ.get("BENCH_SRC", str(ROOT / "src")))
    sys.path.insert(0, str(BENCH))
    import django

    django.setup()


def _baseline_urlconf() -> str:
    """A URLconf for this process: the project's URLs plus the minimal audited read at /bench/read/<uuid>/."""
    from uuid import UUID

    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import include, path

    from nestling.access.shortcuts import family_for_request
    from nestling.accounts.http import AuthedRequest, require_safe
    from nestling.families.models import Child

    @require_safe
    @login_required
    def minimal_read(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
        family = family_for_request(request, family_uuid)  # the access check and the audited read
        child = Child.objects.filter(family=family).order_by("pk").values_list("uuid", flat=True).first()
        return HttpResponse(f"{family.uuid} {child}", content_type="text/plain")

    module = types.ModuleType(BASELINE_URLCONF)
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/read/<uuid:family_uuid>/", minimal_read, name="bench_minimal_read"),
        path("", include("nestling.urls")),
    ]
    sys.modules[BASELINE_URLCONF] = module
    return BASELINE_URLCONF


def _pages(email: str) -> dict[str, str]:
    """The URLs measured, for the practitioner's richest family (the most children, then screens)."""
    from django.db.models import Count
    from django.urls import reverse

    from nestling.access.policy import caseload_families
    from nestling.accounts.models import User
    from nestling.families.models import Child
    from nestling.visits.models import Visit

    user = User.objects.get(email=email)
    family = (
        caseload_families(user)
        .annotate(kids=Count("children", distinct=True))
        .order_by("-kids", "pk")
        .first()
    )
    if family is None:
        raise SystemExit(f"{email} has no family on the caseload")
    child = Child.objects.filter(family=family).order_by("pk").first()
    visit = Visit.objects.filter(family=family).order_by("-visit_on", "pk").first()
    pages = {
        "(a) minimal audited read": f"/bench/read/{family.uuid}/",
        "caseload": reverse("caseload"),
        "worklist": reverse("worklist"),
        "family": reverse("family_detail", args=[family.uuid]),
        "screening": reverse("family_screening", args=[family.uuid]),
    }
    if child is not None:
        pages["growth"] = reverse("child_growth", args=[child.uuid])
    if visit is not None:
        pages["visit"] = reverse("visit_detail", args=[family.uuid, visit.uuid])
    return pages


def _client(email: str) -> Any:
    from django.test import Client

    from nestling.accounts.middleware import MFA_OK
    from nestling.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    session = client.session
    session[MFA_OK] = True
    session.save()
    return client


def _slice(client: Any, url: str, seconds: float) -> float:
    """Requests per second over one slice of about `seconds`."""
    count = 0
    started = time.perf_counter()
    deadline = started + seconds
    while True:
        response = client.get(url)
        count += 1
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - started)


def _queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def _profile(client: Any, url: str, requests: int) -> None:
    for _ in range(5):
        client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    stats.print_stats(60)
    stats.sort_stats("tottime").print_stats(30)


def main() -> int:
    args = _arguments()
    _setup(Path(args.data_dir))
    from django.db import connection
    from django.test.utils import override_settings

    from nestling.demo.builder import DEMO_DOMAIN
    from worklist import _add_visits, _build

    _build(args.families)
    email = f"{PRACTITIONER}@{DEMO_DOMAIN}"
    made = _add_visits([email])
    if made:
        print(f"{made} visits added to {email}'s families")
    with override_settings(ROOT_URLCONF=_baseline_urlconf()):
        pages = _pages(email)
        client = _client(email)
        if args.profile:
            if args.profile not in pages:
                raise SystemExit(f"--profile: one of {', '.join(pages)}")
            _profile(client, pages[args.profile], args.profile_requests)
            return 0
        baseline_url = pages.pop("(a) minimal audited read")
        wanted = set(args.only.split(",")) if args.only else set(pages)
        for url in [baseline_url, *pages.values()]:
            for _ in range(args.warmup):
                client.get(url)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        import nestling

        print(
            f"database: {connection.vendor}; {email}; {args.rounds} rounds of {args.seconds:g} s slices;"
            f" load average before: {load}; code: {Path(nestling.__file__).resolve().parent.parent}"
        )
        print(f"{'page':<28}{'req/s':>9}{'ms/req':>9}{'(a) req/s':>11}{'share of (a)':>14}{'queries':>9}")
        base_queries = _queries(client, baseline_url)
        for name, url in pages.items():
            if name not in wanted:
                continue
            rates, base_rates, shares = [], [], []
            for _ in range(args.rounds):
                base = _slice(client, baseline_url, args.seconds)
                rate = _slice(client, url, args.seconds)
                base_rates.append(base)
                rates.append(rate)
                shares.append(rate / base)
            rate, base = statistics.median(rates), statistics.median(base_rates)
            print(
                f"{name:<28}{rate:>9.1f}{1000 / rate:>9.1f}{base:>11.1f}"
                f"{statistics.median(shares):>13.0%} {_queries(client, url):>9}"
            )
        print(f"(a) is {baseline_url.split('/')[1]}/read/…: {base_queries} queries")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
