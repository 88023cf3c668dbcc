"""Faults without loss: writes through the real forms while gunicorn is killed with SIGKILL, then a check
that every write the clients saw succeed is in the database exactly once and whole.

    .venv/bin/python bench/faults.py                       # SQLite (WAL) in a throwaway data dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nestling_faults .venv/bin/python bench/faults.py

What it does (see bench/README.md, "Faults"):

1. a throwaway data dir (and, for PostgreSQL, a throwaway database named after the one in DATABASE_URL,
   which is itself never touched); migrate; the demo with a few bulk practitioners; then gunicorn on
   127.0.0.1 with production settings (synthetic SECRET_KEY and audit key, BEHIND_PROXY: the clients say
   they came over HTTPS, as a TLS proxy in front of gunicorn would);
2. `--clients` threads, each signed in (password, then the TOTP code) as its own demo practitioner, save
   growth measurements (`/children/<uuid>/growth/`) and PHQ-2 screens (`…/screening/caregiver/<uuid>/phq-2/`)
   through the forms a practitioner uses, each with its own `client_id` (the marker found afterwards). An
   attempt is sent, and re-sent with the same `client_id` when the connection breaks, as a browser
   resubmits (`--retries`); it is acknowledged when the form answers with its success redirect;
3. during the load: SIGKILL one worker (the master forks another), later another, then SIGKILL the master
   and every worker at once (everything dies mid-request), start gunicorn again, and keep writing;
4. afterwards, in a separate process: each attempt's rows by `client_id`; each row's audit event; a
   positive screen's follow-up task and its audit event; audit events of the run whose record is missing;
   then `nestling audit verify`. Prints attempted / acknowledged / found / lost / duplicated /
   half-written and exits 1 on any loss, duplicate or half-written record, or a failed verify.

Everything it starts it stops; the temp dir (and the throwaway database) is removed unless `--keep`.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import hmac
import json
import os
import random
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DEMO_PASSWORD = "nestling-demo-2026"  # as nestling.demo.builder; the load side never imports Django
DEMO_TOTP_SECRET = "NESTLINGDEMOTOTPSECRETKEY234567A"
DEMO_DOMAIN = "demo.nestling.test"
FIRST_BULK_PRACTITIONER = 3
LOGIN_PATH = "/accounts/login/"
MFA_PATH = "/accounts/2fa/authenticate/"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


# -- the inside: run in a separate process with Django set up -------------------------------------------


def inside_plan(clients: int) -> dict[str, Any]:
    """For each client's practitioner: children with a date of birth (and a weight the form accepts
    today) and caregivers of their families."""
    from django.utils import timezone

    from nestling.access.policy import caseload_families
    from nestling.accounts.models import User
    from nestling.families.models import Caregiver, Child
    from nestling.growth.services import _measurement_check

    today = timezone.localdate()
    plan: dict[str, Any] = {"today": today.isoformat(), "practitioners": []}
    for n in range(FIRST_BULK_PRACTITIONER, FIRST_BULK_PRACTITIONER + clients):
        user = User.objects.get(email=f"practitioner{n:05d}@{DEMO_DOMAIN}")
        families = list(caseload_families(user).values_list("pk", flat=True))
        children = []
        for child in Child.objects.filter(family_id__in=families, date_of_birth__isnull=False).select_related(
            "family", "organization"
        )[:12]:
            # The weights the form takes for this child today without a question; the middle one is sent.
            fits = []
            for tenth in range(15, 300, 2):
                kg = tenth / 10
                errors, flagged = _measurement_check(
                    child=child, kind="weight", value=kg, measured_on=today, place="home_scale"
                )
                if not errors and not flagged:
                    fits.append(kg)
            if fits:
                children.append({"uuid": str(child.uuid), "kg": fits[len(fits) // 2]})
        caregivers = [
            {"uuid": str(c.uuid), "family": str(c.family.uuid)}
            for c in Caregiver.objects.filter(family_id__in=families).select_related("family")[:12]
        ]
        plan["practitioners"].append({"email": user.email, "children": children, "caregivers": caregivers})
    return plan


def inside_check(attempts_file: str, started_at: float) -> dict[str, Any]:
    """Each attempt's rows, and whether each row is whole (its audit event, a positive screen's task)."""
    from datetime import UTC, date, datetime
    from uuid import UUID

    from django.contrib.contenttypes.models import ContentType

    from nestling.audit.models import AuditAction, AuditEvent
    from nestling.growth.models import Measurement
    from nestling.screening.models import ScreeningResult
    from nestling.screening.scoring.library import default_library
    from nestling.screening.services import _submission_id
    from nestling.screening.task_kinds import POSITIVE_SCREEN
    from nestling.tasks.models import Task

    attempts = json.loads(Path(attempts_file).read_text())
    since = datetime.fromtimestamp(started_at, tz=UTC)
    creates = AuditEvent.objects.filter(action=AuditAction.CREATE, at__gte=since)
    audited: dict[tuple[str, str], int] = {}
    for subject_type, subject_id in creates.values_list("subject_type", "subject_id"):
        audited[(subject_type, subject_id)] = audited.get((subject_type, subject_id), 0) + 1
    screen_type = ContentType.objects.get_for_model(ScreeningResult)
    # A measurement keeps the form's client id; a screen keeps it told apart by the answers sent
    # (screening.services._submission_id), so the id looked for is worked out the same way.
    stored_as: dict[str, str] = {}
    for attempt in attempts:
        stored_as[attempt["marker"]] = attempt["marker"]
        if attempt["kind"] == "screen" and attempt["detail"].get("subject"):
            detail = attempt["detail"]
            sent = [
                default_library().get(detail["instrument"]).key,
                detail["subject"],
                [int(a) for a in detail["answers"].split(",")],
                date.fromisoformat(detail["administered_on"]),
                {},
                False,
            ]
            stored_as[attempt["marker"]] = str(_submission_id(UUID(attempt["marker"]), sent=sent))
    marker_of = {stored: marker for marker, stored in stored_as.items()}
    rows: dict[str, list[Any]] = {}
    for model in (Measurement, ScreeningResult):
        for row in model.objects.filter(client_id__in=list(marker_of)):  # type: ignore[attr-defined]
            rows.setdefault(marker_of[str(row.client_id)], []).append(row)
    out: dict[str, Any] = {"attempts": {}, "orphan_audit_events": []}
    for attempt in attempts:
        found = rows.get(attempt["marker"], [])
        problems: list[str] = []
        for row in found:
            name = row._meta.model_name
            if audited.get((name, str(row.uuid)), 0) != 1:
                problems.append(f"{name} {row.uuid}: {audited.get((name, str(row.uuid)), 0)} audit events")
            if isinstance(row, ScreeningResult) and row.positive:
                tasks = list(
                    Task.objects.filter(source_type=screen_type, source_id=row.pk, kind=POSITIVE_SCREEN)
                )
                if len(tasks) != 1:
                    problems.append(f"positive screen {row.uuid}: {len(tasks)} follow-up tasks")
                for task in tasks:
                    if audited.get(("task", str(task.uuid)), 0) != 1:
                        problems.append(f"task {task.uuid}: no audit event")
            if isinstance(row, Measurement) and attempt["marker"] not in row.note:
                problems.append(f"measurement {row.uuid}: its note lost the marker")
        out["attempts"][attempt["marker"]] = {"rows": len(found), "problems": problems}
    # The other half: an audit event of the run saying a record was created that is not there.
    for name, model in (("measurement", Measurement), ("screeningresult", ScreeningResult)):
        ids = {str(u) for u in model.objects.filter(created_at__gte=since).values_list("uuid", flat=True)}
        for subject_type, subject_id in audited:
            if subject_type == name and subject_id not in ids:
                out["orphan_audit_events"].append(f"{name} {subject_id}")
    return out


# -- the outside: server, clients, faults ----------------------------------------------------------------


def totp(secret: str, at: float | None = None, *, period: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP (HMAC-SHA1) for a base32 secret."""
    counter = int(time.time() if at is None else at) // period
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def loopback_tls_session() -> Any:
    """A requests session that returns production's Secure cookies over loopback HTTP: the client stands
    where the TLS proxy would, and says so with X-Forwarded-Proto. (A cookie policy on the session's jar is
    not enough: requests builds each request's Cookie header from a fresh jar with the default policy, which
    holds a Secure cookie back from an http URL; so the cookies lose the flag as they arrive.)"""
    import requests

    class LoopbackTLSSession(requests.Session):
        def send(self, request: Any, **kwargs: Any) -> Any:
            response = super().send(request, **kwargs)
            for cookie in self.cookies:
                cookie.secure = False
            return response

    return LoopbackTLSSession()


@dataclass
class Attempt:
    marker: str
    kind: str  # "measurement" or "screen"
    client: int
    sends: int = 0
    outcome: str = "unsent"  # acknowledged | refused | failed
    last_error: str = ""
    started: float = 0.0
    detail: dict[str, str] = field(default_factory=dict)


class Stop(Exception):
    pass


class Client(threading.Thread):
    def __init__(self, number: int, base: str, practitioner: dict[str, Any], run: Run) -> None:
        super().__init__(daemon=True, name=f"client-{number}")

        self.number = number
        self.base = base
        self.practitioner = practitioner
        self.run_state = run
        self.session = loopback_tls_session()
        self.session.headers.update({"X-Forwarded-Proto": "https", "User-Agent": "nestling-faults"})
        self.last_step = -1
        self.rng = random.Random(number)
        self.signed_in = False

    # Every request names its page as if from https://127.0.0.1:port (what the proxy would have passed on).
    def _referer(self, path: str) -> dict[str, str]:
        parts = urlsplit(self.base)
        return {"Referer": urlunsplit(("https", parts.netloc, path, "", ""))}

    def _csrf(self, path: str) -> str:
        response = self.session.get(self.base + path, timeout=30, allow_redirects=False)
        match = CSRF_RE.search(response.text)
        if response.status_code != 200 or match is None:
            raise RuntimeError(f"GET {path}: {response.status_code} {response.headers.get('Location', '')}")
        return match.group(1)

    def sign_in(self) -> None:
        self.session.cookies.clear()
        token = self._csrf(LOGIN_PATH)
        response = self.session.post(
            self.base + LOGIN_PATH,
            data={
                "login": self.practitioner["email"],
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token,
            },
            headers=self._referer(LOGIN_PATH),
            timeout=60,
            allow_redirects=False,
        )
        if response.status_code != 302 or urlsplit(response.headers.get("Location", "")).path != MFA_PATH:
            raise RuntimeError(f"password step answered {response.status_code}")
        token = self._csrf(MFA_PATH)
        step = int(time.time()) // 30
        if step == self.last_step:  # a code is taken once: wait for the next one
            time.sleep((step + 1) * 30 - time.time() + 0.1)
        self.last_step = int(time.time()) // 30
        response = self.session.post(
            self.base + MFA_PATH,
            data={"code": totp(DEMO_TOTP_SECRET), "csrfmiddlewaretoken": token},
            headers=self._referer(MFA_PATH),
            timeout=60,
            allow_redirects=False,
        )
        location = urlsplit(response.headers.get("Location", "")).path
        if response.status_code != 302 or location.startswith("/accounts/"):
            raise RuntimeError(f"TOTP step answered {response.status_code} to {location!r}")
        self.signed_in = True

    def _ensure_signed_in(self) -> None:
        while not self.signed_in:
            if self.run_state.stopping.is_set():
                raise Stop
            try:
                self.sign_in()
            except Exception as error:
                self.run_state.log(
                    f"client {self.number}: sign-in failed ({type(error).__name__}); again in 1 s"
                )
                time.sleep(1)

    def run(self) -> None:
        try:
            while not self.run_state.stopping.is_set():
                self._ensure_signed_in()
                self.one_attempt()
                time.sleep(self.rng.uniform(0.05, 0.3))
        except Stop:
            pass

    def _form(self) -> tuple[str, dict[str, str], str, str]:
        """The next write: (form path, fields, where success redirects to, kind)."""
        today = self.run_state.plan["today"]
        children, caregivers = self.practitioner["children"], self.practitioner["caregivers"]
        if children and (not caregivers or self.rng.random() < 0.5):
            child = self.rng.choice(children)
            path = f"/children/{child['uuid']}/growth/"
            fields = {
                "kind": "weight",
                "value": f"{child['kg']:.1f}",
                "measured_on": today,
                "place": "home_scale",
                "confirm_implausible": "on",
                "same_day": "keep",
            }
            return path, fields, path, "measurement"
        caregiver = self.rng.choice(caregivers)
        path = f"/families/{caregiver['family']}/screening/caregiver/{caregiver['uuid']}/phq-2/"
        # About one in three positive (total >= 3): those raise a follow-up task in the same transaction.
        answers = self.rng.choice([(0, 0), (1, 0), (0, 1), (1, 1), (2, 1), (3, 2)])
        fields = {"item_1": str(answers[0]), "item_2": str(answers[1]), "administered_on": today}
        return path, fields, f"/families/{caregiver['family']}/screening/results/", "screen"

    def one_attempt(self) -> None:
        import requests

        path, fields, success, kind = self._form()
        attempt = Attempt(marker=str(uuid.uuid4()), kind=kind, client=self.number, started=time.time())
        if kind == "measurement":
            fields["note"] = f"faults bench {attempt.marker}"
        else:
            attempt.detail.update(
                instrument="phq-2",
                subject=path.rstrip("/").split("/")[-2],
                answers=f"{fields['item_1']},{fields['item_2']}",
                administered_on=fields["administered_on"],
            )
        fields["client_id"] = attempt.marker
        self.run_state.add(attempt)
        try:
            token = self._csrf(path)
        except Exception as error:
            # Nothing sent yet: the form could not be opened (the server is down, or the session is gone).
            attempt.outcome, attempt.last_error = "not sent", f"GET: {type(error).__name__}"
            if "/accounts/login/" in str(error):
                self.signed_in = False
            time.sleep(0.5)
            return
        fields["csrfmiddlewaretoken"] = token
        for _ in range(1 + self.run_state.retries):
            attempt.sends += 1
            try:
                response = self.session.post(
                    self.base + path,
                    data=fields,
                    headers=self._referer(path),
                    timeout=30,
                    allow_redirects=False,
                )
            except requests.RequestException as error:
                attempt.outcome, attempt.last_error = "failed", type(error).__name__
                time.sleep(1.0)
                continue
            location = urlsplit(response.headers.get("Location", "")).path
            if response.status_code == 302 and location.startswith(success):
                attempt.outcome = "acknowledged"
                return
            if response.status_code == 302 and location.startswith("/accounts/"):
                attempt.outcome, attempt.last_error = "failed", f"signed out ({location})"
                self.signed_in = False
                self._ensure_signed_in()
                continue
            if response.status_code == 200:
                attempt.outcome, attempt.last_error = "refused", "the form came back"
                attempt.detail["errors"] = " | ".join(
                    re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]{1,200})<', response.text)[:3]
                )
                return
            attempt.outcome, attempt.last_error = "failed", f"HTTP {response.status_code}"
            time.sleep(1.0)


class Run:
    def __init__(self, plan: dict[str, Any], retries: int) -> None:
        self.plan = plan
        self.retries = retries
        self.attempts: list[Attempt] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.started = time.time()
        self.back_at = 0.0  # when gunicorn answered again after the master's kill

    def add(self, attempt: Attempt) -> None:
        with self.lock:
            self.attempts.append(attempt)

    def log(self, message: str) -> None:
        print(f"  [{time.time() - self.started:6.1f} s] {message}", flush=True)


def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def workers_of(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def nestling(environment: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "nestling", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if check and result.returncode != 0:
        raise SystemExit(f"nestling {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def inside(environment: dict[str, str], *args: str) -> Any:
    result = subprocess.run(
        [sys.executable, __file__, "--inside", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


def start_gunicorn(
    environment: dict[str, str], port: int, workers: int, log: Path
) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "nestling.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            "--error-logfile",
            str(log),
        ],
        env=environment,
        start_new_session=True,  # its own process group: a Ctrl-C here does not reach it unasked
    )
    import requests

    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn did not start; see {log}")
        try:
            # As the TLS proxy would pass it on: without the header production settings redirect to https.
            answer = requests.get(
                f"http://127.0.0.1:{port}/healthz",
                headers={"X-Forwarded-Proto": "https"},
                timeout=2,
                allow_redirects=False,
            )
            if answer.status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.2)
    kill_everything(server)
    raise SystemExit(f"gunicorn did not answer /healthz in 60 s; see {log}")


def kill_everything(server: subprocess.Popen[bytes]) -> None:
    """SIGKILL the master and every worker at once: a crash, not a shutdown."""
    pids = [server.pid, *workers_of(server.pid)]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.wait()
    for pid in pids[1:]:  # the workers were the master's children: wait until they are gone
        for _ in range(100):
            if not Path(f"/proc/{pid}").exists() or "Z" in _state(pid):
                break
            time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "Z"


def stop_gunicorn(server: subprocess.Popen[bytes] | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        kill_everything(server)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load in all (60)")
    parser.add_argument("--clients", type=int, default=4, help="client threads, one practitioner each (4)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (3)")
    parser.add_argument("--retries", type=int, default=3, help="re-sends of a broken submission (3)")
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (and database) afterwards")
    args = parser.parse_args()
    if not 20 <= args.duration <= 900 or not 1 <= args.clients <= 8 or not 1 <= args.workers <= 8:
        parser.error("--duration 20 to 900 s, --clients 1 to 8, --workers 1 to 8")
    if not port_free(args.port):
        parser.error(f"port {args.port} on 127.0.0.1 is taken; choose --port")

    work = Path(tempfile.mkdtemp(prefix="nestling-faults-"))
    base_env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CACHE_URL", "NESTLING_ENV", "DJANGO_SETTINGS_MODULE")
    }
    base_env.update(
        {
            "PYTHONPATH": str(ROOT / "src"),
            "NESTLING_DATA_DIR": str(work / "data"),
            "NESTLING_AUDIT_ANCHOR_FILE": str(work / "data" / "audit-anchors.jsonl"),
            "SECRET_KEY": "faults-bench-synthetic-" + secrets.token_urlsafe(48),
            "NESTLING_AUDIT_KEY": "faults-bench-synthetic-audit-" + secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
    )
    url = os.environ.get("DATABASE_URL", "")
    database = ""
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql", "pgsql") or parts.hostname not in LOOPBACK:
            parser.error("DATABASE_URL must name a PostgreSQL server on loopback")
        database = f"{parts.path.lstrip('/') or 'nestling'}_run_{secrets.token_hex(4)}"
        _admin(parts, f'CREATE DATABASE "{database}"')
        base_env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + database))
    dev = {**base_env, "NESTLING_ENV": "development", "NESTLING_DEBUG": "false"}
    prod = {**base_env, "NESTLING_ENV": "production", "BEHIND_PROXY": "true"}
    code = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", "src"]).returncode != 0
    where = f"PostgreSQL {database}" if database else "SQLite (WAL)"
    print(
        f"== Faults bench: {where}, {args.clients} clients, {args.workers} workers, {args.duration:.0f} s; "
        f"code {code}{' + uncommitted changes' if dirty else ''}"
    )
    server: subprocess.Popen[bytes] | None = None
    try:
        nestling(prod, "migrate", "--no-input", "-v0")
        nestling(prod, "collectstatic", "--no-input", "-v0")
        nestling(dev, "demo", "--families", str(24 + 25 * args.clients))
        plan = inside(dev, "plan", str(args.clients))
        for p in plan["practitioners"]:
            print(f"   {p['email']}: {len(p['children'])} children, {len(p['caregivers'])} caregivers")
        log = work / "gunicorn.log"
        server = start_gunicorn(prod, args.port, args.workers, log)
        run = Run(plan, args.retries)
        base = f"http://127.0.0.1:{args.port}"
        clients = [Client(i, base, p, run) for i, p in enumerate(plan["practitioners"])]
        for client in clients:
            client.start()
        duration = args.duration
        schedule = [(0.2, "worker"), (0.35, "worker"), (0.5, "master")]
        killed = {"workers": 0, "masters": 0}
        back_at = run.started
        for share, what in schedule:
            time.sleep(max(0.0, run.started + share * duration - time.time()))
            workers = workers_of(server.pid)
            if what == "worker" and workers:
                victim = random.choice(workers)
                os.kill(victim, signal.SIGKILL)
                killed["workers"] += 1
                run.log(f"SIGKILL worker {victim} (of {len(workers)}; the master forks another)")
            elif what == "master":
                run.log(f"SIGKILL master {server.pid} and its {len(workers)} workers: everything dies")
                kill_everything(server)
                killed["masters"] += 1
                time.sleep(2)
                restarted = time.time()
                server = start_gunicorn(prod, args.port, args.workers, log)
                back_at = run.back_at = time.time()
                run.log(f"gunicorn started again ({back_at - restarted:.1f} s to answer)")
        # The load goes on after the restart too (at least a third of the run), however long it took.
        time.sleep(max(0.0, run.started + duration - time.time(), back_at + duration / 3 - time.time()))
        run.log("stopping the load")
        run.stopping.set()
        for client in clients:
            client.join(timeout=120)
        stop_gunicorn(server)
        server = None

        attempts_file = work / "attempts.json"
        attempts_file.write_text(json.dumps([asdict(a) for a in run.attempts]))
        checked = inside(dev, "check", str(attempts_file), str(run.started - 1))
        verify = nestling(dev, "audit", "verify", check=False)
        return report(run, checked, verify, killed, work if args.keep else None)
    finally:
        stop_gunicorn(server)
        if args.keep:
            print(f"   kept: {work}{' and database ' + database if database else ''}")
        else:
            subprocess.run(["rm", "-rf", str(work)], check=False)
            if database:
                _admin(urlsplit(url), f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _admin(parts: Any, statement: str) -> None:
    import psycopg

    with psycopg.connect(
        dbname="postgres",
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or None,
        password=parts.password or None,
        autocommit=True,
    ) as admin:
        admin.execute(statement)


def report(
    run: Run,
    checked: dict[str, Any],
    verify: subprocess.CompletedProcess[str],
    killed: dict[str, int],
    kept: Any,
) -> int:
    sent = [a for a in run.attempts if a.sends > 0]
    acknowledged = [a for a in sent if a.outcome == "acknowledged"]
    unacknowledged = [a for a in sent if a.outcome != "acknowledged"]
    rows = {m: c["rows"] for m, c in checked["attempts"].items()}
    problems = {m: c["problems"] for m, c in checked["attempts"].items() if c["problems"]}
    found = [a for a in acknowledged if rows.get(a.marker) == 1]
    lost = [a for a in acknowledged if rows.get(a.marker, 0) == 0]
    duplicated = [a for a in sent if rows.get(a.marker, 0) > 1]
    half = [a for a in sent if a.marker in problems]
    unack_there = [a for a in unacknowledged if rows.get(a.marker, 0) >= 1]
    never = [a for a in run.attempts if a.sends == 0]
    resent = [a for a in sent if a.sends > 1]
    print("\n== Result")
    print(
        f"   faults: {killed['workers']} workers and {killed['masters']} master (with its workers) SIGKILLed"
    )
    for kind in ("measurement", "screen"):
        of_kind = [a for a in sent if a.kind == kind]
        acked = [a for a in of_kind if a.outcome == "acknowledged"]
        print(f"   {kind + 's':<13} attempted {len(of_kind):>5}  acknowledged {len(acked):>5}")
    print(f"   attempted (sent at least once)  {len(sent)}")
    print(f"   acknowledged                    {len(acknowledged)}")
    after = [a for a in acknowledged if run.back_at and a.started >= run.back_at]
    print(f"     of them after the restart     {len(after)}")
    print(f"   found (acknowledged, once)      {len(found)}")
    print(f"   lost                            {len(lost)}")
    print(f"   duplicated                      {len(duplicated)}")
    print(f"   half-written                    {len(half) + len(checked['orphan_audit_events'])}")
    print(
        f"   unacknowledged                  {len(unacknowledged)} "
        f"({len(unack_there)} wholly there, {len(unacknowledged) - len(unack_there)} wholly absent)"
    )
    print(f"   re-sent after a broken connection {len(resent)}; forms not opened (server down) {len(never)}")
    refused = [a for a in sent if a.outcome == "refused"]
    if refused:
        print(f"   refused by the form (a bench bug): {len(refused)}, e.g. {refused[0].detail}")
    for a in unacknowledged[:10]:
        print(f"     unacknowledged {a.kind} {a.marker}: {a.outcome} after {a.sends} send(s), {a.last_error}")
    for marker, messages in list(problems.items())[:10]:
        print(f"     HALF-WRITTEN {marker}: {'; '.join(messages)}")
    for orphan in checked["orphan_audit_events"][:10]:
        print(f"     HALF-WRITTEN: an audit event for {orphan}, which is not there")
    verified = verify.returncode == 0
    tail = (verify.stdout + verify.stderr).strip().splitlines()[-1:] or [""]
    print(f"   audit verify: {'passed' if verified else 'FAILED'} ({tail[0]})")
    bad = lost or duplicated or half or checked["orphan_audit_events"] or not verified or not acknowledged
    print(f"   {'FAIL' if bad else 'OK: 0 lost, 0 duplicated, 0 half-written'}")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
        import django

        django.setup()
        if sys.argv[2] == "plan":
            print(json.dumps(inside_plan(int(sys.argv[3]))))
        else:
            print(json.dumps(inside_check(sys.argv[3], float(sys.argv[4]))))
        sys.exit(0)
    sys.exit(main())
