"""Where the worklist and the week send a practitioner to do what they list: pages of the visits app,
which is built alongside this one. Their URL names are kept here, in one place, so that the worklist and
the week follow them whatever they turn out to be; until a name exists, a link falls back to the agreed
path or to the family's page."""

from __future__ import annotations

from uuid import UUID

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

# The visits app's pages, by URL name.
SCHEDULE_VISIT = "visit_schedule"  # families/<uuid>/visits/new/: schedule a visit (clash warnings there)
VISIT_PAGE = "visit_detail"  # one visit: record how it went, write and sign its note


def visit_schedule_url(family_uuid: UUID, *, next_url: str = "") -> str:
    """The form that schedules a visit to this family, coming back to `next_url` when done."""
    try:
        url = reverse(SCHEDULE_VISIT, args=[family_uuid])
    except NoReverseMatch:
        url = f"/families/{family_uuid}/visits/new/"
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def visit_url(family_uuid: UUID, visit_uuid: UUID) -> str:
    """The page of one visit, where how it went is recorded and its note written and signed."""
    try:
        return reverse(VISIT_PAGE, args=[family_uuid, visit_uuid])
    except NoReverseMatch:
        return reverse("family_detail", args=[family_uuid])
