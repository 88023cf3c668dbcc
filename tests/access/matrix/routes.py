"""The project's URL patterns as the matrix names them: by route, the string with its converters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

_CONVERTED = re.compile(r"<(?:\w+:)?(\w+)>")


def join(prefix: str, route: str) -> str:
    """Join routes as Django's resolver does, so that `resolve(path).route` gives back the same string."""
    return route if not prefix else prefix + route.removeprefix("^")


def url_patterns(urlconf: object = None) -> Iterator[tuple[str, URLPattern]]:
    """Every pattern of the URLconf, included ones too, with its full route."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            route = join(prefix, str(pattern.pattern))
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route, pattern

    # The project's resolver, or an uncached one for another URLconf (the coverage check's own tests).
    resolver = get_resolver() if urlconf is None else URLResolver(RegexPattern(r"^/"), urlconf)
    yield from walk(resolver.url_patterns, "")


def path_for(route: str, kwargs: dict[str, object]) -> str:
    """The path of `route` with `kwargs` in its converters (built-in converters write `str(value)`)."""
    return "/" + _CONVERTED.sub(lambda match: str(kwargs[match.group(1)]), route)
