"""Where the worklist and the week send a practitioner to do what they list.

Some of these pages belong to the visits app, built alongside this one: their URL names are kept here, in
one place, so that the worklist and the week follow them whatever they turn out to be; until a name
exists, a link falls back to the agreed path or to the family's page.

A worklist has a link or two per item, a few hundred on a busy caseload, so each URL name is reversed
once per process with stand-in ids and later links only fill the ids in."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote
from uuid import UUID

from django.conf import settings
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.http import urlencode

# The visits app's pages, by URL name.
SCHEDULE_VISIT = "visit_schedule"  # families/<uuid>/visits/new/: schedule a visit (clash warnings there)
VISIT_PAGE = "visit_detail"  # one visit
VISIT_RECORD = "visit_record"  # record how it went (who was there, the services given)
VISIT_NOTE = "visit_note"  # write and sign its note

_STAND_INS = tuple(UUID(f"00000000-0000-4000-8000-{n:012d}") for n in range(1, 5))


def _stand_in(position: int, is_uuid: bool) -> str:
    return str(_STAND_INS[position]) if is_uuid else f"zz-stand-in-{position}-zz"


@lru_cache(maxsize=64)
def _shape(urlconf: str, name: str, uuids: tuple[bool, ...]) -> str | None:
    """The URL of `name` in `urlconf` with stand-ins for its arguments (a uuid where `uuids` says so), or
    None when no pattern has that name."""
    args: list[str | UUID] = [
        _STAND_INS[n] if is_uuid else _stand_in(n, False) for n, is_uuid in enumerate(uuids)
    ]
    try:
        return reverse(name, urlconf=urlconf, args=args)
    except NoReverseMatch:
        return None


def url_of(name: str, *args: UUID | str) -> str:
    """What `reverse(name, args=args)` gives, for ids and plain slugs; NoReverseMatch for an unknown name."""
    uuids = tuple(isinstance(arg, UUID) for arg in args)
    url = _shape(str(get_urlconf() or settings.ROOT_URLCONF), name, uuids)
    if url is None:
        raise NoReverseMatch(f"no URL pattern is named {name!r}")
    for n, arg in enumerate(args):
        url = url.replace(_stand_in(n, uuids[n]), str(arg) if uuids[n] else quote(str(arg), safe=""), 1)
    return url


def visit_schedule_url(family_uuid: UUID, *, next_url: str = "") -> str:
    """The form that schedules a visit to this family, coming back to `next_url` when done."""
    try:
        url = url_of(SCHEDULE_VISIT, family_uuid)
    except NoReverseMatch:
        url = f"/families/{family_uuid}/visits/new/"
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def visit_url(family_uuid: UUID, visit_uuid: UUID, *, page: str = VISIT_PAGE) -> str:
    """One of a visit's pages (`page`: the visit itself, where how it went is recorded, or its note),
    else the visit's own page, else the family's."""
    for name in (page, VISIT_PAGE):
        try:
            return url_of(name, family_uuid, visit_uuid)
        except NoReverseMatch:
            continue
    return url_of("family_detail", family_uuid)
