"""Every URL pattern of the project, with every method, for every persona, against own and foreign objects.

The rows are in `tests/access/matrix/`. A URL pattern they do not describe — by its route, converters
included — fails `test_every_url_pattern_is_in_the_matrix`, so no feature adds a page, or a second page under
a name that exists, without saying which methods it accepts and who may reach it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path, resolve, reverse

from nestling import urls as project_urls
from nestling.audit.models import AuditEvent, AuditOutcome
from tests.access.matrix import ACCOUNT_PAGES, PATTERNS, defects
from tests.access.matrix.coverage import coverage_problems
from tests.access.matrix.routes import path_for
from tests.access.matrix.shapes import LOGIN, METHODS, PERSONAS, Outcome, Pattern, Target
from tests.access.matrix.state import changed_tables, record_state
from tests.access.matrix.world import MatrixWorld, make_matrix_world


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker) -> Iterator[MatrixWorld]:
    """Built once for the module; each test runs in a savepoint inside it, so what a test writes goes."""
    # The personas sign in once for the whole module, and each test's savepoint rolls back the session's
    # "last seen"; a long run must not see them time out half-way (the idle timeout has its own tests).
    long_sessions = override_settings(SESSION_IDLE_TIMEOUT_MINUTES=24 * 60, SESSION_COOKIE_AGE=24 * 3600)
    with long_sessions, django_db_blocker.unblock(), transaction.atomic():
        yield make_matrix_world()
        transaction.set_rollback(True)


def test_every_url_pattern_is_in_the_matrix():
    problems = coverage_problems()
    assert not problems, "\n".join(problems)


def _view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


def _without(patterns: list[object], name: str) -> list[object]:
    return [p for p in patterns if getattr(p, "name", None) != name]


CAREGIVER_ADD_AGAIN = "families/<uuid:family_uuid>/caregivers/add"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            lambda ps: [*ps, path(CAREGIVER_ADD_AGAIN, _view, name="caregiver_add")],
            f"{CAREGIVER_ADD_AGAIN!r} (named 'caregiver_add') is not in the access matrix: "
            f"add Pattern({CAREGIVER_ADD_AGAIN!r}, 'caregiver_add', methods=..., targets=...)",
        ),
        (
            lambda ps: [*ps, path("children/<int:child_id>/growth/", _view, name="child_growth")],
            "'children/<int:child_id>/growth/' (named 'child_growth') is not in the access matrix",
        ),
        (lambda ps: [*ps, path("export/", _view)], "'export/' has no name: give its path() a name="),
        (lambda ps: [*ps, path("healthz", _view, name="healthz")], "'healthz' is in the URLconf twice"),
        (
            lambda ps: [*_without(ps, "healthz"), path("healthz", _view, name="ok")],
            "'healthz' is named 'ok' in the URLconf but 'healthz' in the matrix",
        ),
        (lambda ps: _without(ps, "healthz"), "'healthz' is in the matrix but in no URLconf: remove its row"),
    ],
    ids=["known name, new route", "known name, new converter", "no name", "twice", "renamed", "gone"],
)
def test_the_coverage_check_names_the_pattern_and_what_to_do(change, says):
    # Given the project's URLconf with one change
    urlconf = SimpleNamespace(urlpatterns=change(list(project_urls.urlpatterns)))
    # When the matrix is checked against it
    problems = coverage_problems(urlconf)
    # Then that one pattern is reported, with what to do
    assert len(problems) == 1 and says in problems[0], problems


def _cases() -> Iterator[object]:
    for pattern in PATTERNS:
        for index, target in enumerate(pattern.targets):
            for method in METHODS if index == 0 else pattern.methods:
                for persona in PERSONAS:
                    yield pytest.param(
                        pattern,
                        target,
                        method,
                        persona,
                        id=f"{pattern.route} [{target.label}] {method} {persona}",
                        marks=defects.marks(pattern, target, method, persona),
                    )


def expected(pattern: Pattern, target: Target, method: str, persona: str) -> frozenset[Outcome]:
    """What the persona may get. A method the view does not accept is refused with 405 — or, to someone the
    object is closed to anyway, with the 404 (audited) or sign-in page they would get for any method."""
    if method in pattern.methods:
        return frozenset({target.outcome(method, persona)})
    if persona in target.allowed():
        return frozenset({405})
    return frozenset({405, LOGIN if persona == "anonymous" else 404})


@pytest.mark.parametrize(("pattern", "target", "method", "persona"), list(_cases()))
def test_each_persona_gets_exactly_what_the_matrix_says(
    pattern, target, method, persona, matrix_world, db, client
):
    # Given the persona (signed in with their second factor, unless anonymous) and the object asked for
    user = None if persona == "anonymous" else matrix_world.persona(persona)
    if user is not None:
        matrix_world.sign_in(client, persona)
    scene = target.scene(matrix_world, user or matrix_world.people.practitioner)
    url = path_for(pattern.route, scene.kwargs)
    assert resolve(url).route == pattern.route, f"{url} does not reach {pattern.route!r}"
    where = f"{method} {pattern.route!r} [{target.label}] as {persona}"
    before, last_audit = record_state(), _last_audit_pk()

    # When they send the method
    headers = scene.headers if user is not None else {}
    response = _send(client, method, url + scene.query, scene.data, headers=headers, body=scene.json)

    # Then never a server error, and exactly the answer the matrix names
    got, allowed = _answer(response, where), expected(pattern, target, method, persona)
    assert got in allowed, (
        f"{where}: expected {' or '.join(map(str, allowed))}, got {got}{_form_errors(response)}"
    )
    _check_allow(response, pattern.methods, where)
    # And no page names a family the persona may not see
    body = response.content.decode(errors="replace")
    leaked = [
        f.name for f in matrix_world.unseen_families(persona) if f.name in body and f.name not in target.shows
    ]
    assert not leaked, f"{where}: names {leaked}"
    # And a refusal changes nothing, while a form sent by someone allowed does what it says
    changed = changed_tables(before, record_state())
    if got == LOGIN or (isinstance(got, int) and got >= 400):
        assert not changed, f"{where}: refused, yet changed {changed}"
    elif method == "POST" and got == 302:
        assert changed, f"{where}: answered 302 but saved nothing"
    # And a signed-in persona's refusal is audited exactly once, against the object asked for
    # (Emergency access answers its own refusals on the form, 200, and audits each one as a denial.)
    if user is not None and not (pattern.route in REFUSED_ON_THE_FORM and got == 200):
        _check_denials(got, _denials(user.pk, last_audit), scene.audited_as, where)


@pytest.mark.parametrize(
    ("page", "method", "persona"),
    [
        pytest.param(page, method, persona, id=f"{page.route} {method} {persona}")
        for page in ACCOUNT_PAGES
        for method in METHODS
        for persona in PERSONAS
    ],
)
def test_each_account_page_answers_as_its_table_says_and_shows_no_family(
    page, method, persona, matrix_world, db, client
):
    # Given the persona and one of django-allauth's account pages
    signed_in = persona != "anonymous"
    if signed_in:
        matrix_world.sign_in(client, persona)
    assert resolve(page.url()).route == page.route, f"{page.url()} does not reach {page.route!r}"
    where = f"{method} {page.route!r} as {persona}"
    before, last_audit = record_state(), _last_audit_pk()

    # When they send the method with an empty form
    response = _send(client, method, page.url(), {})

    # Then never a server error, the answer of the table, and no family on the page
    got, wanted = _answer(response, where), page.outcome(method, signed_in)
    assert got == wanted, f"{where}: expected {wanted}, got {got}"
    _check_allow(response, page.methods, where)
    people = matrix_world.people
    body = response.content.decode()
    shown = [
        f.name for f in (people.family_a, people.family_b, people.family_c, people.family_x) if f.name in body
    ]
    assert not shown, f"{where}: shows {shown}"
    # And an empty form changes no record, second factor or email address; a 404 is audited once
    changed = set(changed_tables(before, record_state())) - set(page.may_write)
    assert not changed, f"{where}: changed {sorted(changed)}"
    if signed_in:
        _check_denials(got, _denials(matrix_world.persona(persona).pk, last_audit), None, where)


def _send(
    client: Client,
    method: str,
    url: str,
    data: dict[str, str],
    *,
    headers: dict[str, str] | None = None,
    body: dict[str, object] | None = None,
) -> HttpResponse:
    client.raise_request_exception = False  # a view's exception becomes the 500 a user would see
    if headers or body is not None:
        send = getattr(client, method.lower())
        if method in ("GET", "DELETE"):
            return send(url, headers=headers or {})
        return send(url, json.dumps(body or {}), content_type="application/json", headers=headers or {})
    if method in ("GET", "DELETE"):
        return getattr(client, method.lower())(url)
    if method == "POST":
        return client.post(url, data)
    return getattr(client, method.lower())(url, data, content_type="application/x-www-form-urlencoded")


# What every answer says about itself, whatever the route, method or persona (CSP: no inline code).
POLICY_HEADERS = {
    "Content-Security-Policy": ("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"),
    "Referrer-Policy": ("same-origin",),
    "Permissions-Policy": ("camera=()", "geolocation=()"),
    "Cross-Origin-Opener-Policy": ("same-origin",),
    "X-Content-Type-Options": ("nosniff",),
    "X-Frame-Options": ("DENY",),
}


def _check_policy_headers(response: HttpResponse, where: str) -> None:
    for header, parts in POLICY_HEADERS.items():
        value = response.headers.get(header, "")
        missing = [part for part in parts if part not in value]
        assert not missing, f"{where}: {header} is {value!r}, lacking {missing}"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"], where
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"], where


def _answer(response: HttpResponse, where: str) -> Outcome:
    _check_policy_headers(response, where)
    assert response.status_code != 500, f"{where}: server error {getattr(response, 'exc_info', None)}"
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


REFUSED_ON_THE_FORM = frozenset({"emergency-access/"})


def _check_allow(response: HttpResponse, methods: tuple[str, ...], where: str) -> None:
    """A 405 names the methods the view accepts: the declaration checked against the view."""
    if response.status_code == 405:
        allowed = {m.strip() for m in response["Allow"].split(",")} & set(METHODS)
        assert allowed == set(methods), f"{where}: the view allows {sorted(allowed)}, the matrix {methods}"


def _check_denials(got: Outcome, denials: list[str], audited_as: str | None, where: str) -> None:
    """A 404 writes exactly one denied row, naming the id asked for; any other answer writes none."""
    if got != 404:
        assert not denials, f"{where}: answered {got}, yet audited denials {denials}"
        return
    assert len(denials) == 1, f"{where}: {len(denials)} denial rows, not one: {denials}"
    if audited_as is not None:
        assert audited_as in denials[0], f"{where}: the denial {denials[0]} does not name {audited_as}"


def _last_audit_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _denials(actor_id: int, after_pk: int) -> list[str]:
    """The denied rows written for the actor since `after_pk`, each as its category, subject and family."""
    rows = AuditEvent.objects.filter(pk__gt=after_pk, actor_id=actor_id, outcome=AuditOutcome.DENIED)
    return [
        f"{e.category}/{e.subject_type}:{e.subject_id} family:{e.family_uuid}" for e in rows.order_by("pk")
    ]


def _form_errors(response: HttpResponse) -> str:
    context = getattr(response, "context", None)
    form = context.get("form") if context is not None else None
    return f" (form errors: {form.errors.as_data()})" if form is not None and form.errors else ""
