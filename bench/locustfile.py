"""Locust scenario: practitioners sign in (password + TOTP), look at their caseload and open families.

Each simulated user signs in as its own demo practitioner (practitioner00003@…, practitioner00004@…, …)
because allauth refuses a TOTP code that the same user has already used within its period. Each user also
connects from its own loopback source address (127.0.0.2, 127.0.0.3, …; the server is still 127.0.0.1)
so that per-address limits (allauth's "30 sign-ins a minute per address", django-axes) see 50 devices
rather than one; set BENCH_SHARED_ADDRESS=1 to send everything from 127.0.0.1 instead.

Run by bench/run.sh; see bench/README.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import math
import os
import random
import re
import struct
import time
from typing import Any
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, between, events, task
from locust.clients import LocustHttpAdapter
from urllib3 import PoolManager

# Mirrors nestling.demo.builder; kept literal so that the load generator never imports Django.
DEMO_PASSWORD = os.environ.get("BENCH_PASSWORD", "nestling-demo-2026")
DEMO_TOTP_SECRET = os.environ.get("BENCH_TOTP_SECRET", "NESTLINGDEMOTOTPSECRETKEY234567A")
DEMO_DOMAIN = "demo.nestling.test"
FIRST_BULK_PRACTITIONER = 3  # practitioner00003 is the first of the bulk practitioners (~25 families each)
SHARED_ADDRESS = os.environ.get("BENCH_SHARED_ADDRESS", "") not in ("", "0")
TOTP_PERIOD = 30

LOGIN_PATH = "/accounts/login/"
MFA_PATH = "/accounts/2fa/authenticate/"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')
FAMILY_RE = re.compile(r'href="/families/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/"')

_account_numbers = itertools.count(FIRST_BULK_PRACTITIONER)

# Response times split in two phases: "ramp" until every simulated user has finished its first sign-in,
# "steady" after, so that the cost of the sign-in burst and the cost of ordinary page views can be told
# apart. Written as JSON to BENCH_PHASES_FILE when the test stops (bench/run.sh reads it).
PHASES_FILE = os.environ.get("BENCH_PHASES_FILE", "")
_times: dict[str, dict[str, list[float]]] = {"ramp": {}, "steady": {}}
_failures: dict[str, int] = {"ramp": 0, "steady": 0}
_phase = {"now": "ramp", "signed_in": 0, "steady_at": 0.0}


@events.request.add_listener
def _record(request_type: str, name: str, response_time: float, exception: Any, **_kwargs: Any) -> None:
    phase = _phase["now"]
    if exception is not None:
        _failures[phase] += 1
    elif request_type in ("GET", "POST", "FLOW"):
        _times[phase].setdefault(name, []).append(response_time)


def _first_sign_in_done(environment: Any) -> None:
    _phase["signed_in"] += 1
    target = getattr(environment.runner, "target_user_count", None) or environment.parsed_options.num_users
    if _phase["now"] == "ramp" and _phase["signed_in"] >= target:
        _phase["now"] = "steady"
        _phase["steady_at"] = time.time()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]  # nearest rank


@events.test_stop.add_listener
def _write_phases(environment: Any, **_kwargs: Any) -> None:
    if not PHASES_FILE:
        return
    summary: dict[str, Any] = {"steady_started_at": _phase["steady_at"], "failures": _failures, "phases": {}}
    for phase, names in _times.items():
        summary["phases"][phase] = {
            name: {
                "count": len(values),
                "p50": _percentile(values, 0.50),
                "p95": _percentile(values, 0.95),
                "p99": _percentile(values, 0.99),
                "max": max(values),
            }
            for name, values in sorted(names.items())
        }
    with open(PHASES_FILE, "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=2)


def totp(secret: str, at: float | None = None, *, period: int = TOTP_PERIOD, digits: int = 6) -> str:
    """RFC 6238 TOTP (HMAC-SHA1) for a base32 secret."""
    counter = int(time.time() if at is None else at) // period
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def _path(url: str) -> str:
    return urlsplit(url).path


class SignInFailed(Exception):
    pass


class Practitioner(HttpUser):
    wait_time = between(1, 3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.number = next(_account_numbers)
        self.email = f"practitioner{self.number:05d}@{DEMO_DOMAIN}"
        self.families: list[str] = []
        self.last_totp_step = -1
        if not SHARED_ADDRESS:
            # 127.0.0.2, 127.0.0.3, …: one loopback "device" per simulated practitioner.
            index = self.number - FIRST_BULK_PRACTITIONER
            source = f"127.0.{index // 250}.{2 + index % 250}"
            pool = PoolManager(source_address=(source, 0), maxsize=2)
            adapter = LocustHttpAdapter(pool_manager=pool)
            self.client.mount("http://", adapter)

    def on_start(self) -> None:
        self.sign_in()
        self.view_caseload()
        _first_sign_in_done(self.environment)

    # -- sign-in ---------------------------------------------------------------------------------------

    def _csrf(self, name: str, path: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as response:
            match = CSRF_RE.search(response.text or "")
            if response.status_code != 200 or not match:
                response.failure(f"{path}: status {response.status_code}, no form")
                raise SignInFailed(path)
            if _path(response.url) != path:
                response.failure(f"{path}: redirected to {_path(response.url)}")
                raise SignInFailed(path)
            response.success()
            return match.group(1)

    def sign_in(self) -> None:
        self.client.cookies.clear()
        started = time.perf_counter()
        try:
            token = self._csrf("GET /accounts/login/", LOGIN_PATH)
            with self.client.post(
                LOGIN_PATH,
                data={"login": self.email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
                headers={"Referer": self.host + LOGIN_PATH},
                name="POST /accounts/login/ (password)",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                target = _path(response.headers.get("Location", ""))
                if response.status_code != 302 or target != MFA_PATH:
                    response.failure(f"password step: status {response.status_code}, to {target!r}")
                    raise SignInFailed("password")
                response.success()

            token = self._csrf("GET /accounts/2fa/authenticate/", MFA_PATH)
            # allauth refuses a code the same user has already used in this 30 s step. Each simulated user
            # has its own account, so only a second sign-in by the same user may have to wait for the next
            # step (that wait is left out of the sign-in time).
            step = int(time.time()) // TOTP_PERIOD
            if step == self.last_totp_step:
                waited = time.perf_counter()
                gevent.sleep((step + 1) * TOTP_PERIOD - time.time() + 0.05)
                started += time.perf_counter() - waited
            self.last_totp_step = int(time.time()) // TOTP_PERIOD
            with self.client.post(
                MFA_PATH,
                data={"code": totp(DEMO_TOTP_SECRET), "csrfmiddlewaretoken": token},
                headers={"Referer": self.host + MFA_PATH},
                name="POST /accounts/2fa/authenticate/ (TOTP)",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                target = _path(response.headers.get("Location", ""))
                if response.status_code != 302 or target.startswith("/accounts/"):
                    response.failure(f"TOTP step: status {response.status_code}, to {target!r}")
                    raise SignInFailed("totp")
                response.success()
        except SignInFailed as failed:
            events.request.fire(
                request_type="FLOW",
                name="sign-in (all four requests)",
                response_time=(time.perf_counter() - started) * 1000,
                response_length=0,
                exception=failed,
                context={},
            )
            # Try again after the think time rather than hammering the server.
            self.families = []
            return
        events.request.fire(
            request_type="FLOW",
            name="sign-in (all four requests)",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=None,
            context={},
        )

    # -- pages -----------------------------------------------------------------------------------------

    def _page(self, path: str, name: str) -> str | None:
        """GET a page; a failure unless it answers 200 on that page (not the sign-in page)."""
        with self.client.get(path, name=name, catch_response=True) as response:
            landed = _path(response.url or "")
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif landed.startswith(LOGIN_PATH) or landed.startswith("/accounts/2fa/"):
                response.failure(f"landed on the sign-in page ({landed})")
                self.families = []
            elif landed != path:
                response.failure(f"landed on {landed}")
            else:
                response.success()
                return response.text
        return None

    def view_caseload(self) -> None:
        html = self._page("/caseload/", "GET /caseload/")
        if html is not None:
            self.families = FAMILY_RE.findall(html)
            if not self.families:
                events.request.fire(
                    request_type="CHECK",
                    name="caseload lists families",
                    response_time=0,
                    response_length=0,
                    exception=SignInFailed(f"{self.email}: no family on the caseload"),
                    context={},
                )

    @task(1)
    def caseload(self) -> None:
        if not self.families:
            self.sign_in()
        self.view_caseload()

    @task(3)
    def family(self) -> None:
        if not self.families:
            self.sign_in()
            self.view_caseload()
            return
        uuid = random.choice(self.families)
        self._page(f"/families/{uuid}/", "GET /families/[uuid]/")
