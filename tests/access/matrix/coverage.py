"""Whether the matrix describes every URL pattern, by route: a pattern it lacks, one without a name, one
renamed, or a row left over from a pattern that went, each named with what to do."""

from __future__ import annotations

from collections import Counter

from django.urls import URLPattern

from tests.access.matrix import ACCOUNT_PAGES, PATTERNS
from tests.access.matrix.routes import url_patterns

ADD = "tests/access/matrix/cases_<app>.py (an AccountPage in cases_allauth.py for a third-party page)"


def coverage_problems(urlconf: object = None) -> list[str]:
    """What the matrix lacks for the URLconf (the project's by default); empty when it covers it."""
    rows = [*PATTERNS, *ACCOUNT_PAGES]
    declared = {row.route: row.name for row in rows}
    problems = [
        f"{route!r} is in the matrix {n} times"
        for route, n in Counter(r.route for r in rows).items()
        if n > 1
    ]
    found = Counter[str]()
    first: dict[str, URLPattern] = {}
    for route, pattern in url_patterns(urlconf):
        found[route] += 1
        first.setdefault(route, pattern)
        if found[route] == 2 and not _replaces(first[route], pattern):
            problems.append(f"{route!r} is in the URLconf twice: the second pattern is never reached")
        if not pattern.name:
            problems.append(
                f"{route!r} has no name: give its path() a name=, then add "
                f"Pattern({route!r}, '<name>', methods=..., targets=...) to {ADD}"
            )
        elif route not in declared:
            problems.append(
                f"{route!r} (named {pattern.name!r}) is not in the access matrix: add "
                f"Pattern({route!r}, {pattern.name!r}, methods=..., targets=...) to {ADD}, saying which "
                "methods its view accepts and who reaches it, own and foreign object"
            )
        elif declared[route] != pattern.name:
            problems.append(
                f"{route!r} is named {pattern.name!r} in the URLconf but {declared[route]!r} in the matrix: "
                "rename its Pattern"
            )
    problems += [
        f"{route!r} is in the matrix but in no URLconf: remove its row"
        for route in declared
        if route not in found
    ]
    return problems


def _replaces(ours: URLPattern, theirs: URLPattern) -> bool:
    """Whether `ours` is a Nestling view put, on purpose, ahead of allauth's own of the same name."""
    return (
        ours.name == theirs.name
        and ours.callback.__module__.startswith("nestling.")
        and theirs.callback.__module__.startswith("allauth.")
    )
