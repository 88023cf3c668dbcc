"""The step-load knee: gunicorn on loopback with the demo's data, locust raising the number of staff in steps
(bench/step_locustfile.py) until a page's p95 passes 150 ms or errors appear; prints the knee. See
bench/README.md.

    .venv/bin/python bench/step_load.py --data-dir /tmp/bench-100k        # SQLite; builds the demo there once
    DATABASE_URL=postgres://postgres@127.0.0.1:54329/nestling_bench_demo \\
        .venv/bin/python bench/step_load.py --data-dir /tmp/bench-100k-pg  # PostgreSQL (loopback only)

The server runs as bench/run.sh runs it (`NESTLING_ENV=development`, `NESTLING_DEBUG=false`: the
production settings but for forcing HTTPS, which loopback has not), 3 sync workers by default. Bounded:
the run stops at the first failing step or at `--max-users`, and locust is stopped after that many steps'
time whatever happens. Everything it starts it stops. The run writes to the demo's database (screens,
visits, notes, measurements, audit rows), so successive runs see a slightly larger record; results go to
bench/results/<time>-step-<db>/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ORDER = [
    "GET /caseload/",
    "GET /worklist/",
    "GET /families/[uuid]/",
    "GET /families/[uuid]/screening/",
    "GET screening form",
    "POST screening form",
    "GET visit form",
    "POST visit form (scheduled)",
    "GET /families/[uuid]/visits/[uuid]/",
    "POST visit note (draft)",
    "GET /children/[uuid]/growth/",
    "POST measurement",
]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", required=True, help="the demo's data dir (built there if missing)")
    parser.add_argument("--families", type=int, default=100_000, help="demo size when building (100000)")
    parser.add_argument("--step-users", type=int, default=5, help="users added each step (5)")
    parser.add_argument("--step-seconds", type=int, default=60, help="length of a step (60 s)")
    parser.add_argument("--settle-seconds", type=int, default=15, help="left out at each step's start (15 s)")
    parser.add_argument("--max-users", type=int, default=150, help="stop there at the latest (150)")
    parser.add_argument("--p95-ms", type=float, default=150.0, help="a page's p95 that ends the run (150)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: sync workers)")
    parser.add_argument("--port", type=int, default=8124, help="loopback port for gunicorn (8124)")
    args = parser.parse_args()
    if not 1 <= args.step_users <= 100 or not 10 <= args.step_seconds <= 600:
        parser.error("--step-users must be 1 to 100 and --step-seconds 10 to 600")
    if not 0 <= args.settle_seconds < args.step_seconds or not 1 <= args.max_users <= 1000:
        parser.error("--settle-seconds must be shorter than a step; --max-users 1 to 1000")
    return args


def _environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NESTLING_DATA_DIR=str(data_dir),
        NESTLING_ENV="development",
        NESTLING_DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT / "src"),
        # The alerts the screens raise would print their emails into the run's output.
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    env.pop("CACHE_URL", None)
    url = env.get("DATABASE_URL", "")
    if url and urlsplit(url).hostname not in LOOPBACK:
        raise SystemExit("DATABASE_URL must name a database on loopback")
    return env


def _nestling(env: dict[str, str], *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "nestling", *args], env=env, check=True, text=True, capture_output=capture
    )
    return done.stdout if capture else ""


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _audit_rows(env: dict[str, str]) -> int:
    script = "from nestling.audit.models import AuditEvent; print(AuditEvent.objects.count())"
    return int(_nestling(env, "shell", "-v", "0", "-c", script, capture=True).strip() or 0)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _commit() -> str:
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    dirty = subprocess.run([*git, "diff", "--quiet", "HEAD", "--", "src"], check=False)
    return head.stdout.strip() + (" + uncommitted changes" if dirty.returncode else "")


def _report(steps_file: Path, p95_ms: float) -> None:
    summary = json.loads(steps_file.read_text())
    steps = summary["steps"]
    names = [n for n in ORDER if any(n in s["pages"] for s in steps)]
    names += sorted({n for s in steps for n in s["pages"]} - set(names))
    print(f"\n{'users':>6}{'req/s':>8}{'worst p95':>11}  failures  (p95 ms per page below)")
    for step in steps:
        failures = sum(step["failures"].values())
        mark = "" if step["passed"] else "  <- past the limit"
        print(f"{step['users']:>6}{step['req_per_s']:>8.1f}{step['worst_p95']:>11.0f}  {failures:>8}{mark}")
    # The knee: the last step of the unbroken run of passing steps from the first.
    first_bad = next((i for i, s in enumerate(steps) if not s["passed"]), len(steps))
    knee = steps[first_bad - 1] if first_bad > 0 else None
    if knee is None:
        print(f"\nno knee: the first step ({steps[0]['users'] if steps else '?'} users) already failed")
        return
    ended = "the limit of users" if knee is steps[-1] else "the next step"
    print(
        f"\nKNEE: {knee['users']} users, {knee['req_per_s']:.1f} req/s"
        f" (every page p95 <= {p95_ms:.0f} ms, no errors; {ended} ended the run)"
    )
    print(f"{'request at the knee':<42}{'count':>7}{'p50':>7}{'p95':>7}  (ms)")
    for name in names:
        if name in knee["pages"]:
            page = knee["pages"][name]
            print(f"{name:<42}{page['count']:>7}{page['p50']:>7.0f}{page['p95']:>7.0f}")
    after = steps[steps.index(knee) + 1] if knee is not steps[-1] else None
    if after is not None:
        worst = sorted(after["pages"].items(), key=lambda item: -item[1]["p95"])[:3]
        said = ", ".join(f"{n} p95 {p['p95']:.0f} ms" for n, p in worst)
        print(f"next step ({after['users']} users): {said}; failures {after['failures'] or 'none'}")


def main() -> int:
    args = _arguments()
    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    env = _environment(data_dir)
    database = "postgres" if env.get("DATABASE_URL") else "sqlite"
    if not _port_free(args.port):
        raise SystemExit(f"port {args.port} on 127.0.0.1 is taken; use --port")
    results = BENCH / "results" / f"{time.strftime('%Y%m%d-%H%M%S')}-step-{database}"
    results.mkdir(parents=True)
    print(f"== step load: {database}, data in {data_dir}, code {_commit()}; {os.cpu_count()} cores")
    _nestling(env, "migrate", "--no-input", "-v0")
    _nestling(env, "collectstatic", "--no-input", "-v0")
    if _nestling(env, "shell", "-v", "0", "-c", _EXISTS, capture=True).strip() != "yes":
        print(f"== building the demo with {args.families} families (once)")
        _nestling(env, "demo", "--families", str(args.families))
    worker_args = ["--workers", str(args.workers)]
    if args.threads > 1:
        worker_args += ["--worker-class", "gthread", "--threads", str(args.threads)]
    gunicorn = subprocess.Popen(
        [
            *(str(Path(sys.executable).parent / "gunicorn"), "--preload", "--pythonpath", str(BENCH)),
            "preloaded_wsgi:application",
            *("--bind", f"127.0.0.1:{args.port}", *worker_args),
            *("--timeout", "60", "--graceful-timeout", "10"),
            *("--error-logfile", str(results / "gunicorn.log")),
        ],
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=2).close()
                break
            except OSError:
                if gunicorn.poll() is not None:
                    raise SystemExit(f"gunicorn did not start; see {results / 'gunicorn.log'}") from None
                time.sleep(0.2)
        audit_before = _audit_rows(env)
        steps = -(-args.max_users // args.step_users)
        bound = steps * args.step_seconds + 60
        print(
            f"== locust: +{args.step_users} users every {args.step_seconds} s (the first"
            f" {args.settle_seconds} s of each left out), up to {args.max_users}; stops by {bound} s;"
            f" load average before: {_load()}"
        )
        locust_env = dict(os.environ) | {
            "BENCH_STEP_USERS": str(args.step_users),
            "BENCH_STEP_SECONDS": str(args.step_seconds),
            "BENCH_SETTLE_SECONDS": str(args.settle_seconds),
            "BENCH_MAX_USERS": str(args.max_users),
            "BENCH_P95_MS": str(args.p95_ms),
            "BENCH_STEPS_FILE": str(results / "steps.json"),
        }
        with (results / "locust.log").open("w") as log:
            status = subprocess.run(
                [
                    *(str(Path(sys.executable).parent / "locust"), "-f", str(BENCH / "step_locustfile.py")),
                    *("--headless", "--only-summary", "--host", f"http://127.0.0.1:{args.port}"),
                    *("--csv", str(results / "locust"), "--stop-timeout", "5"),
                ],
                env=locust_env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=bound + 30,
                check=False,
            ).returncode
        print(f"== locust ended (status {status}); load average after: {_load()}")
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)
            gunicorn.wait()
    print(f"   audit rows written during the run: {_audit_rows(env) - audit_before}")
    verify = subprocess.run(
        [sys.executable, "-m", "nestling", "audit", "verify"], env=env, capture_output=True, text=True
    )
    print("   audit verify: " + ((verify.stdout + verify.stderr).strip().splitlines() or ["(no output)"])[-1])
    if not (results / "steps.json").exists():
        print(f"no steps were written; see {results / 'locust.log'}")
        return 1
    _report(results / "steps.json", args.p95_ms)
    print(f"   (full output in {results.relative_to(ROOT)})")
    return 0


_EXISTS = "from nestling.demo.builder import demo_exists; print('yes' if demo_exists() else 'no')"

if __name__ == "__main__":
    sys.exit(main())
