"""Families and the people in them: the household, caregivers, children, relationships, enrollments.

Each operation asks the same door as the pages (`family_for_request`: the access policy, the audited read)
and writes through the same services."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from nestling.api import scopes
from nestling.api.errors import READ_ERRORS, UPDATE_ERRORS, WRITE_ERRORS
from nestling.api.family_operations import family_list, family_record
from nestling.api.http import (
    Page,
    PageQuery,
    authed,
    family_of,
    idempotency_id,
    if_match,
    needs,
    page_of,
    record_of,
    tagged,
)
from nestling.api.schemas import (
    CaregiverChange,
    CaregiverIn,
    CaregiverOut,
    ChildChange,
    ChildIn,
    ChildOut,
    EnrollmentOut,
    FamilyChange,
    FamilyOut,
    RelationshipOut,
)
from nestling.api.selectors import (
    families_listed,
    families_read,
    family_caregivers,
    family_children,
    family_enrollments,
    family_relationships,
)
from nestling.families.models import Caregiver, Child
from nestling.families.services.household import family_update
from nestling.families.services.people import caregiver_create, caregiver_update, child_create, child_update

router = Router(tags=["families"])
READ_SCOPE = scopes.read("families")
READ = needs(READ_SCOPE)
WRITE = needs(scopes.write("families"))


@router.get("/families", response={200: Page[FamilyOut], **READ_ERRORS}, auth=READ, url_name="api_families")
def families(request: HttpRequest, query: Query[PageQuery]) -> Any:
    """The families the token's person may see, by name."""
    user = authed(request).user
    rows, numbers = page_of(families_listed(user=user), query)
    families_read(user=user, families=rows, path=request.path)
    return {"items": rows, **numbers}


@router.get(
    "/families/{uuid:family_uuid}", response={200: FamilyOut, **READ_ERRORS}, auth=READ, url_name="api_family"
)
def family(request: HttpRequest, family_uuid: UUID, response: HttpResponse) -> Any:
    found = family_of(request, family_uuid)
    tagged(response, found.version)
    return found


@router.patch(
    "/families/{uuid:family_uuid}",
    response={200: FamilyOut, **UPDATE_ERRORS},
    auth=WRITE,
    url_name="api_family",
)
def family_change(
    request: HttpRequest, family_uuid: UUID, payload: FamilyChange, response: HttpResponse
) -> Any:
    """Change the household's details; send If-Match with the ETag you read."""
    version = if_match(request)
    found = family_of(request, family_uuid, write=True)
    changed = family_update(
        family=found, by=authed(request).user, version=version, **payload.dict(exclude_unset=True)
    )
    tagged(response, changed.version)
    return changed


family_list(
    router,
    "/families/{uuid:family_uuid}/caregivers",
    name="api_caregivers",
    operation="caregivers",
    module=__name__,
    out=CaregiverOut,
    scope=READ_SCOPE,
    rows=lambda asked: family_caregivers(family=asked.family),
)


@router.post(
    "/families/{uuid:family_uuid}/caregivers",
    response={201: CaregiverOut, **WRITE_ERRORS},
    auth=WRITE,
    url_name="api_caregivers",
)
def caregiver_add(
    request: HttpRequest, family_uuid: UUID, payload: CaregiverIn, response: HttpResponse
) -> Any:
    """Add a caregiver; send an Idempotency-Key so that a repeated request adds no one twice."""
    user = authed(request).user
    found = family_of(request, family_uuid, write=True)
    made = caregiver_create(family=found, by=user, client_id=idempotency_id(request), **payload.dict())
    tagged(response, made.version)
    return Status(201, made)


family_record(
    router,
    "/families/{uuid:family_uuid}/caregivers/{uuid:caregiver_uuid}",
    name="api_caregiver",
    operation="caregiver",
    module=__name__,
    out=CaregiverOut,
    scope=READ_SCOPE,
    param="caregiver_uuid",
    queryset=Caregiver.objects.all,
    kind="caregiver",
)


@router.patch(
    "/families/{uuid:family_uuid}/caregivers/{uuid:caregiver_uuid}",
    response={200: CaregiverOut, **UPDATE_ERRORS},
    auth=WRITE,
    url_name="api_caregiver",
)
def caregiver_change(
    request: HttpRequest,
    family_uuid: UUID,
    caregiver_uuid: UUID,
    payload: CaregiverChange,
    response: HttpResponse,
) -> Any:
    version = if_match(request)
    found = family_of(request, family_uuid, write=True)
    person = record_of(request, Caregiver.objects.all(), found, caregiver_uuid, kind="caregiver")
    changed = caregiver_update(
        caregiver=person, by=authed(request).user, version=version, **payload.dict(exclude_unset=True)
    )
    tagged(response, changed.version)
    return changed


family_list(
    router,
    "/families/{uuid:family_uuid}/children",
    name="api_children",
    operation="children",
    module=__name__,
    out=ChildOut,
    scope=READ_SCOPE,
    rows=lambda asked: family_children(family=asked.family),
)


@router.post(
    "/families/{uuid:family_uuid}/children",
    response={201: ChildOut, **WRITE_ERRORS},
    auth=WRITE,
    url_name="api_children",
)
def child_add(request: HttpRequest, family_uuid: UUID, payload: ChildIn, response: HttpResponse) -> Any:
    """Add a child, born (date of birth) or expected (due date); send an Idempotency-Key."""
    found = family_of(request, family_uuid, write=True)
    made = child_create(
        family=found,
        by=authed(request).user,
        client_id=idempotency_id(request),
        **payload.dict(),
    )
    tagged(response, made.version)
    return Status(201, made)


family_record(
    router,
    "/families/{uuid:family_uuid}/children/{uuid:child_uuid}",
    name="api_child",
    operation="child",
    module=__name__,
    out=ChildOut,
    scope=READ_SCOPE,
    param="child_uuid",
    queryset=Child.objects.all,
    kind="child",
)


@router.patch(
    "/families/{uuid:family_uuid}/children/{uuid:child_uuid}",
    response={200: ChildOut, **UPDATE_ERRORS},
    auth=WRITE,
    url_name="api_child",
)
def child_change(
    request: HttpRequest, family_uuid: UUID, child_uuid: UUID, payload: ChildChange, response: HttpResponse
) -> Any:
    version = if_match(request)
    found = family_of(request, family_uuid, write=True)
    person = record_of(request, Child.objects.all(), found, child_uuid, kind="child")
    changed = child_update(
        child=person, by=authed(request).user, version=version, **payload.dict(exclude_unset=True)
    )
    tagged(response, changed.version)
    return changed


family_list(
    router,
    "/families/{uuid:family_uuid}/relationships",
    name="api_relationships",
    operation="relationships",
    module=__name__,
    out=RelationshipOut,
    scope=READ_SCOPE,
    rows=lambda asked: family_relationships(family=asked.family),
)
family_list(
    router,
    "/families/{uuid:family_uuid}/enrollments",
    name="api_enrollments",
    operation="enrollments",
    module=__name__,
    out=EnrollmentOut,
    scope=READ_SCOPE,
    category="enrollment",
    rows=lambda asked: family_enrollments(family=asked.family),
)
