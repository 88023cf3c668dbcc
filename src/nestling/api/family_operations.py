"""The two shapes most operations take, made once: "list what is under a family" and "read one record in
a family". Each names its path, scope, schema and rows; the operation made for it opens the family through
the pages' door (`http.family_of`: the policy, the audited read), opens the record it sits under (a
child's measurements), pages the rows, hides what a sensitive category covers unless the reader holds a
grant, audits each category shown, and tags a record read with its version. (`operation` and `module`
name the operation as a hand-written function would be named: its OpenAPI operation id.)

    family_list(router, "/families/{uuid:family_uuid}/caregivers", name="api_caregivers",
                out=CaregiverOut, scope=READ, rows=lambda asked: family_caregivers(family=asked.family))
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from nestling.access.policy import granted_categories, shown_to
from nestling.access.shortcuts import audit_category_reads
from nestling.accounts.models import User
from nestling.api.errors import READ_ERRORS
from nestling.api.http import (
    Page,
    PageQuery,
    authed,
    family_of,
    needs,
    page_of,
    record_of,
    record_shown,
    tagged,
)
from nestling.families.models import Family


@dataclass(frozen=True)
class Asked:
    """What an operation's rows are read for: the reader, the family, and the record the rows sit under
    (None for rows directly under the family)."""

    user: User
    family: Family
    within: Any = None


@dataclass(frozen=True)
class Within:
    """The record of the family a list sits under: its path parameter, its rows, its kind (for a 404)."""

    param: str
    queryset: Callable[[], QuerySet[Any]]
    kind: str


def _sensitive(rows: Iterable[Any]) -> set[str]:
    return {getattr(row, "sensitive_category", "") for row in rows} - {""}


def _make(
    body: Callable[..., Any], *, name: str, module: str, doc: str, params: Sequence[tuple[str, Any]]
) -> Callable[..., Any]:
    """An operation function ninja can read: its parameters declared by `params` (ninja reads the
    signature to build the OpenAPI document and passes them by name)."""

    def operation(request: HttpRequest, **values: Any) -> Any:
        return body(request, **values)

    parameter = inspect.Parameter
    operation.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            parameter("request", parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest),
            *(parameter(n, parameter.POSITIONAL_OR_KEYWORD, annotation=a) for n, a in params),
        ]
    )
    operation.__name__ = operation.__qualname__ = name
    operation.__module__ = module
    operation.__doc__ = doc
    return operation


def _family_and_within(
    request: HttpRequest, values: dict[str, Any], category: str, within: Within | None
) -> Asked:
    family = family_of(request, values["family_uuid"], category=category)
    parent = None
    if within is not None:
        parent = record_of(request, within.queryset(), family, values[within.param], kind=within.kind)
    return Asked(authed(request).user, family, parent)


def family_list(
    router: Router,
    path: str,
    *,
    name: str,
    out: Any,
    scope: str,
    rows: Callable[[Asked], QuerySet[Any] | Sequence[Any]],
    category: str = "family",
    within: Within | None = None,
    granted_only: bool = False,
    shape: Callable[[Any], Any] | None = None,
    categories: Callable[[list[Any]], set[str]] = _sensitive,
    operation: str = "",
    module: str = __name__,
    doc: str = "",
) -> None:
    """A paginated list under a family. `granted_only`: a row of a sensitive category the reader holds no
    grant for is left out; `shape` turns a row into what the schema reads; `categories` says which
    sensitive categories a page shows (each audited as a read)."""

    def body(request: HttpRequest, **values: Any) -> Any:
        asked = _family_and_within(request, values, category, within)
        found = rows(asked)
        if granted_only:
            granted = granted_categories(asked.user, asked.family)
            found = [row for row in found if shown_to(row, granted)]
        page, numbers = page_of(found, values["query"])
        shown = categories(page)
        if shown:
            audit_category_reads(authed(request), asked.family, shown)
        return {"items": [shape(row) for row in page] if shape else page, **numbers}

    params: list[tuple[str, Any]] = [("family_uuid", UUID)]
    if within is not None:
        params.append((within.param, UUID))
    params.append(("query", Query[PageQuery]))
    made = _make(body, name=operation or name, module=module, doc=doc, params=params)
    router.get(path, response={200: Page[out], **READ_ERRORS}, auth=needs(scope), url_name=name)(made)


def family_record(
    router: Router,
    path: str,
    *,
    name: str,
    out: Any,
    scope: str,
    param: str,
    queryset: Callable[[], QuerySet[Model]],
    kind: str,
    category: str = "family",
    granted_only: bool = False,
    operation: str = "",
    module: str = __name__,
    doc: str = "",
) -> None:
    """One record of a family by its id, with its version as the ETag. `granted_only`: a record of a
    sensitive category the reader holds no grant for answers as one that does not exist (404, audited);
    one they may see is audited as a read of its category."""

    def body(request: HttpRequest, **values: Any) -> Any:
        family = family_of(request, values["family_uuid"], category=category)
        take = record_shown if granted_only else record_of
        found: Any = take(request, queryset(), family, values[param], kind=kind)
        sensitive = getattr(found, "sensitive_category", "")
        if granted_only and sensitive:
            audit_category_reads(
                authed(request), family, {sensitive}, subject_type=kind, subject_id=found.uuid
            )
        tagged(values["response"], found.version)
        return found

    params = [("family_uuid", UUID), (param, UUID), ("response", HttpResponse)]
    made = _make(body, name=operation or name, module=module, doc=doc, params=params)
    router.get(path, response={200: out, **READ_ERRORS}, auth=needs(scope), url_name=name)(made)
