"""The language a person reads Nestling in, for what is written to them away from a page (emails).

Where the choice is kept is the portal's (`portal.LanguagePreference`, chosen in the header or at
invitation); it registers its lookup here so that any app below it can write to a person in their language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

from nestling.accounts.models import User

LanguageLookup = Callable[[User], "str | None"]
_lookups: list[LanguageLookup] = []


def language_lookup_register(lookup: LanguageLookup) -> None:
    if lookup not in _lookups:
        _lookups.append(lookup)


def language_of_person(user: User) -> str:
    """The person's chosen language, else the site's: never the language of whoever makes them write."""
    for lookup in _lookups:
        chosen = lookup(user)
        if chosen and chosen in dict(settings.LANGUAGES):
            return chosen
    return settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user: User) -> Iterator[None]:
    """Build a message for `user` in their language (subject, body and every date in it)."""
    with translation.override(language_of_person(user)):
        yield
