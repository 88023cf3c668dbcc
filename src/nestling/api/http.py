"""What every API operation shares: the scope it needs, the family and record it names (through the same
door as the pages), pages of a list, versions as ETags, and idempotency keys."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any, Generic, NoReturn, TypeVar
from uuid import UUID

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, granted_categories, shown_to
from nestling.access.shortcuts import family_for_request
from nestling.accounts.http import AuthedRequest
from nestling.api.auth import BearerAuth, Principal, resolve_bearer
from nestling.api.errors import PreconditionRequired, ScopeMissing
from nestling.families.models import Family
from nestling.families.views.editing import record_in_family

M = TypeVar("M", bound=Model)
T = TypeVar("T")

PAGE_SIZE = 50
PAGE_SIZE_MAX = 200


class ScopedBearer(BearerAuth):
    """A valid token that carries `scope`; without it, 403 naming the scope."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Principal | None:
        principal = super().authenticate(request, token)
        if principal is not None and not principal.has(self.scope):
            raise ScopeMissing({self.scope})
        return principal


def needs(scope: str) -> list[ScopedBearer]:
    """The `auth=` of an operation that needs `scope`."""
    return [ScopedBearer(scope)]


def authed(request: HttpRequest) -> AuthedRequest:
    """The request, whose user is the token's principal by now (the operation's auth ran first)."""
    return request  # type: ignore[return-value]


def family_of(
    request: HttpRequest, family_uuid: UUID, *, write: bool = False, category: str = "family"
) -> Family:
    """The family the token's person may read (or write), else AccessDenied: a 404, audited once. A read is
    audited like a page's, naming the client."""
    action = Action.FAMILY_EDIT if write else Action.FAMILY_VIEW
    return family_for_request(authed(request), family_uuid, action=action, category=category)


def record_of(
    request: HttpRequest, queryset: QuerySet[M], family: Family, record_uuid: UUID, *, kind: str
) -> M:
    """The record of this family with this id, else AccessDenied (a 404, audited once)."""
    return record_in_family(authed(request), queryset, family, record_uuid, kind=kind)


def record_shown(
    request: HttpRequest, queryset: QuerySet[M], family: Family, record_uuid: UUID, *, kind: str
) -> M:
    """As `record_of`, and a record of a sensitive category the reader holds no grant for answers as one
    that is not there (a 404, audited once)."""
    found = record_of(request, queryset, family, record_uuid, kind=kind)
    if not shown_to(found, granted_categories(authed(request).user, family)):
        absent(request, family, record_uuid, kind=getattr(found, "sensitive_category", "") or kind)
    return found


def absent(request: HttpRequest, family: Family, record_uuid: UUID, *, kind: str) -> NoReturn:
    """Answer as for any record that is not there (or not for this reader): AccessDenied, a 404."""
    raise AccessDenied(
        actor=request.user,
        action="record.open",
        category=kind,
        subject_type=kind,
        subject_id=record_uuid,
        family_uuid=family.uuid,
        organization_id=family.organization_id,
    )


class Page(Schema, Generic[T]):
    """One page of a list: its items, how many there are in all, and the page numbers around it."""

    items: list[T]
    count: int
    page: int
    pages: int


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX)


def page_of(rows: QuerySet[Any] | Sequence[T], query: PageQuery) -> tuple[list[Any], dict[str, int]]:
    """The rows of the asked page (the rows come ordered, on a unique key last, so pages never overlap)
    and the page's numbers: a count and one slice, whatever the number of rows."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    start = (query.page - 1) * query.page_size
    items = list(rows[start : start + query.page_size])
    pages = max(1, -(-count // query.page_size))
    return items, {"count": count, "page": query.page, "pages": pages}


def tagged(response: HttpResponse, version: int) -> HttpResponse:
    response["ETag"] = f'"{version}"'
    return response


_TAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


def if_match(request: HttpRequest) -> int:
    """The version an update starts from, from If-Match (the ETag the client read). Missing: 428;
    not a version of ours: 412 through the stale-edit path (it matches no version)."""
    sent = request.headers.get("If-Match", "").strip()
    if not sent:
        raise PreconditionRequired()
    match = _TAG.match(sent)
    return int(match.group(1)) if match else 0


# Idempotency keys become the services' client ids, scoped to the client that sent them: two clients
# choosing the same key never find each other's records.
_KEYS = uuid.UUID("6f1d8a52-3c1e-4d0b-9a57-1c2b9e0d4f11")


def idempotency_id(request: HttpRequest) -> UUID | None:
    """The client id a create is made under, from its Idempotency-Key (none sent: None)."""
    key = request.headers.get("Idempotency-Key", "").strip()
    principal = resolve_bearer(request)
    if not key or principal is None:
        return None
    return uuid.uuid5(_KEYS, f"{principal.client.application.client_id}\n{key[:200]}")
