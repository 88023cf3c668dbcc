"""Locust scenario and shape for the step-load knee (run by bench/step_load.py; see bench/README.md).

Staff sign in as locustfile.py's practitioners do (password, then the TOTP second step, each as its own
bulk demo account), then with 1–3 s think time use the pages people use most, writes included, through
the real forms (each form fetched first: its CSRF token, hidden client id and version are sent back):

    caseload 2, worklist 2, family page 4, screening page 2,
    a screening submitted 1, a visit documented (scheduled, then its note saved as a draft) 1,
    a measurement saved 1

The shape raises the number of users by BENCH_STEP_USERS every BENCH_STEP_SECONDS. Each step's figures are
taken after its first BENCH_SETTLE_SECONDS (the new users' sign-ins); when a step's p95 for any page passes
BENCH_P95_MS (150) or any request fails, the run stops: the knee is the step before it. A page is judged
on its own with BENCH_MIN_COUNT (20) requests in the step; the rarer requests are judged together. It
also stops at BENCH_MAX_USERS. The steps are written as JSON to BENCH_STEPS_FILE.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import time
from datetime import date
from html.parser import HTMLParser
from typing import Any

import locustfile as base  # the sibling scenario: sign-in, TOTP, one loopback address per user
from locust import LoadTestShape, between, events

STEP_USERS = int(os.environ.get("BENCH_STEP_USERS", "10"))
STEP_SECONDS = int(os.environ.get("BENCH_STEP_SECONDS", "45"))
SETTLE_SECONDS = int(os.environ.get("BENCH_SETTLE_SECONDS", "15"))
MAX_USERS = int(os.environ.get("BENCH_MAX_USERS", "150"))
P95_MS = float(os.environ.get("BENCH_P95_MS", "150"))
STEPS_FILE = os.environ.get("BENCH_STEPS_FILE", "")

SIGN_IN = {"GET /accounts/login/", "POST /accounts/login/ (password)", "GET /accounts/2fa/authenticate/"}
SIGN_IN |= {"POST /accounts/2fa/authenticate/ (TOTP)", "sign-in (all four requests)"}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ADMINISTER_RE = re.compile(
    rf'href="(/families/{UUID}/screening/(?:caregiver|child|relationship)/{UUID}/[a-z0-9-]+/)"'
)
CHILD_RE = re.compile(rf'href="/children/({UUID})/growth/"')
AGE_RE = re.compile(r", age (\d+) days?\b")


def typical_kg(days: int) -> float:
    """About the median weight at an age (a rough line through the WHO standard's medians): enough for
    a bench's weight to be one the form takes."""
    if days <= 90:
        return 3.3 + 0.03 * days
    if days <= 365:
        return 6.0 + 0.0125 * (days - 90)
    return 9.5 + 2.2 * (days - 365) / 365


# -- per-step figures --------------------------------------------------------------------------------------

_started = {"at": 0.0}
_steps: list[dict[str, Any]] = []  # one per step: users, times by name, failures, requests counted


def _step_index(now: float) -> int:
    return int((now - _started["at"]) // STEP_SECONDS)


def _step(index: int) -> dict[str, Any]:
    while len(_steps) <= index:
        _steps.append({"users": STEP_USERS * (len(_steps) + 1), "times": {}, "failures": {}, "requests": 0})
    return _steps[index]


@events.test_start.add_listener
def _on_start(**_kwargs: Any) -> None:
    _started["at"] = time.time()


@events.request.add_listener
def _record(request_type: str, name: str, response_time: float, exception: Any, **_kwargs: Any) -> None:
    if not _started["at"]:
        return
    now = time.time()
    index = _step_index(now)
    step = _step(index)
    if exception is not None:
        # A failure counts whenever it happens: a page that fails during the settle time fails the step.
        step["failures"][name] = step["failures"].get(name, 0) + 1
        return
    if now - _started["at"] - index * STEP_SECONDS < SETTLE_SECONDS or name in SIGN_IN:
        return
    step["times"].setdefault(name, []).append(response_time)
    step["requests"] += 1


MIN_COUNT = int(os.environ.get("BENCH_MIN_COUNT", "20"))
OTHER = "other requests (each under MIN_COUNT)"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def step_summary(step: dict[str, Any]) -> dict[str, Any]:
    measured = STEP_SECONDS - SETTLE_SECONDS
    pages = {
        name: {"count": len(values), "p50": sorted(values)[len(values) // 2], "p95": _p95(values)}
        for name, values in sorted(step["times"].items())
    }
    # A p95 of a handful of requests is its slowest one: a page judges the step only with MIN_COUNT
    # requests in it; the rarer ones are judged together, as "other requests".
    judged = {name: page["p95"] for name, page in pages.items() if page["count"] >= MIN_COUNT}
    rare = [t for name, values in step["times"].items() if len(values) < MIN_COUNT for t in values]
    if len(rare) >= MIN_COUNT:
        judged[OTHER] = _p95(rare)
        pages[OTHER] = {"count": len(rare), "p50": sorted(rare)[len(rare) // 2], "p95": judged[OTHER]}
    worst = max(judged.values(), default=0.0)
    return {
        "users": step["users"],
        "req_per_s": step["requests"] / measured,
        "pages": pages,
        "failures": step["failures"],
        "worst_p95": worst,
        "passed": worst <= P95_MS and not step["failures"] and bool(judged),
        "judged": sorted(judged),
    }


@events.test_stop.add_listener
def _write_steps(**_kwargs: Any) -> None:
    if STEPS_FILE:
        with open(STEPS_FILE, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "step_users": STEP_USERS,
                    "step_seconds": STEP_SECONDS,
                    "settle_seconds": SETTLE_SECONDS,
                    "p95_ms": P95_MS,
                    "steps": [step_summary(s) for s in _steps if s["times"] or s["failures"]],
                },
                out,
                indent=2,
            )


class StepShape(LoadTestShape):
    """STEP_USERS more users every STEP_SECONDS, until a step fails (p95 or errors) or MAX_USERS."""

    def tick(self) -> tuple[int, float] | None:
        if not _started["at"]:
            return (STEP_USERS, STEP_USERS)
        index = _step_index(time.time())
        if index > 0 and not step_summary(_step(index - 1))["passed"]:
            return None  # the step before failed: the knee is the one before that
        users = STEP_USERS * (index + 1)
        if users > MAX_USERS:
            return None
        return (users, max(1.0, STEP_USERS / 5))


# -- forms -------------------------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The POST forms of a page: each form's action and the values a browser would send untouched."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {"action": a.get("action", ""), "fields": {}, "names": set(), "texts": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields, name = self._form["fields"], a.get("name", "")
        if tag == "input" and name:
            self._form["names"].add(name)
            kind = a.get("type", "text")
            if kind == "radio":
                if "checked" in a or name not in fields:
                    fields[name] = a.get("value", "")
            elif kind == "checkbox":
                if name.startswith("confirm") or "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button"):
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._form["names"].add(name)
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in fields:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._form["names"].add(name)
            self._textarea = name
            self._form["texts"].append(name)
            fields[name] = ""
        elif tag == "button" and name and "value" in a and name not in fields:
            fields[name] = a["value"]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_form(html: str, must_have: str, action_ends: str = "") -> dict[str, Any] | None:
    """The page's POST form that has a field named `must_have` (and an action ending so)."""
    parser = _Forms()
    parser.feed(html)
    found = (f for f in parser.forms if must_have in f["names"] and f["action"].endswith(action_ends))
    return next(found, None)


# -- the staff ---------------------------------------------------------------------------------------------


class Staff(base.Practitioner):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.sign_in()
        self.view_caseload()

    def _family(self) -> str | None:
        if not self.families:
            self.sign_in()
            self.view_caseload()
            return None
        return random.choice(self.families)

    def _post(self, path: str, data: dict[str, Any], name: str, referer: str) -> str | None:
        """POST a form; success is a redirect (the form saved) to a page that is not the sign-in."""
        with self.client.post(
            path,
            data=data,
            headers={"Referer": self.host + referer},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            target = base._path(response.headers.get("Location", ""))
            if response.status_code != 302 or target.startswith("/accounts/"):
                response.failure(f"status {response.status_code}, to {target!r}")
                return None
            response.success()
            return target

    def caseload(self) -> None:
        if not self.families:
            self.sign_in()
        self.view_caseload()

    def worklist(self) -> None:
        if self._family() is not None:
            self._page("/worklist/", "GET /worklist/")

    def family(self) -> None:
        uuid = self._family()
        if uuid is not None:
            self._page(f"/families/{uuid}/", "GET /families/[uuid]/")

    def screening_page(self) -> None:
        uuid = self._family()
        if uuid is not None:
            self._page(f"/families/{uuid}/screening/", "GET /families/[uuid]/screening/")

    def screening_submitted(self) -> None:
        uuid = self._family()
        html = self._page(f"/families/{uuid}/screening/", "GET /families/[uuid]/screening/") if uuid else None
        links = ADMINISTER_RE.findall(html or "")
        if not links:
            return
        path = random.choice(links)
        form = page_form(self._page(path, "GET screening form") or "", "administered_on")
        if form is None:
            return
        self._post(path, form["fields"], "POST screening form", path)

    def visit_documented(self) -> None:
        uuid = self._family()
        if uuid is None:
            return
        path = f"/families/{uuid}/visits/new/"
        form = page_form(self._page(path, "GET visit form") or "", "starts_at")
        if form is None:
            return
        fields = form["fields"] | {
            "visit_on": date.today().isoformat(),
            "starts_at": f"{random.randint(7, 18):02d}:{random.choice((0, 15, 30, 45)):02d}",
            "confirm_clash": "on",
        }
        visit = self._post(path, fields, "POST visit form (scheduled)", path)
        if visit is None:
            return
        note = page_form(self._page(visit, "GET /families/[uuid]/visits/[uuid]/") or "", "version", "note/")
        if note is None:
            return
        text = "Synthetic: the baby reached for her father's face and he smiled back."
        data = note["fields"] | {name: text for name in note["texts"]} | {"action": "save"}
        self._post(note["action"], data, "POST visit note (draft)", visit)

    def measurement_saved(self) -> None:
        uuid = self._family()
        html = self._page(f"/families/{uuid}/", "GET /families/[uuid]/") if uuid else None
        children = CHILD_RE.findall(html or "")
        if not children:
            return
        path = f"/children/{random.choice(children)}/growth/"
        growth = self._page(path, "GET /children/[uuid]/growth/") or ""
        form = page_form(growth, "value")
        # A weight the form takes for the child's age (the chart's points say it); a child with no point
        # yet (unborn, or never measured) is left alone: an impossible weight is refused, rightly.
        ages = AGE_RE.findall(growth)
        if form is None or not ages:
            return
        fields = form["fields"] | {
            "kind": "weight",
            "value": f"{typical_kg(int(ages[-1])) * random.uniform(0.9, 1.1):.2f}",
            "confirm_implausible": "on",
            "same_day": "keep",
        }
        self._post(path, fields, "POST measurement", path)

    # Listed here rather than with @task, so that none of locustfile.Practitioner's own tasks come along.
    tasks = {
        caseload: 2,
        worklist: 2,
        family: 4,
        screening_page: 2,
        screening_submitted: 1,
        visit_documented: 1,
        measurement_saved: 1,
    }
