"""The FHIR server's faces: they resolve the caller (`http.fhir_caller`: a bearer token, or the staff
session), ask the selectors and answer FHIR JSON. A family or record the caller may not see answers 404
with an OperationOutcome, audited once, exactly like a record that does not exist."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from nestling.access.denials import AccessDenied, access_denial_audit
from nestling.access.policy import Action, require
from nestling.access.shortcuts import family_for_request
from nestling.accounts.http import AuthedRequest, require_safe
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.fhir.assemble import (
    document_bundle,
    family_resources,
    operation_outcome,
    problems_outcome,
    searchset_bundle,
)
from nestling.fhir.capability import capability_statement
from nestling.fhir.http import CallerRefused, fhir_caller
from nestling.fhir.importing.bundle import BundleImportRefused, fhir_bundle_import
from nestling.fhir.mapping.observations import questionnaire
from nestling.fhir.mapping.resources import Resource, as_json
from nestling.fhir.search import (
    SEARCH_PARAMS,
    Query,
    SearchError,
    identifier_value,
    matches,
    read_query,
    referenced_id,
)
from nestling.fhir.selectors import FamilyRecord, family_of_record, family_records, fhir_families
from nestling.fhir.services import family_copy_bundle, family_copy_summary, fhir_read_audit
from nestling.screening.scoring.library import default_library

FHIR_JSON = "application/fhir+json"
FAMILY_TYPES = frozenset(SEARCH_PARAMS) - {"Questionnaire"}

View = Callable[..., HttpResponse]


def _answer(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(
        body, status=status, content_type=FHIR_JSON, json_dumps_params={"ensure_ascii": False}
    )


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/fhir").rstrip("/")


def fhir_view(view: Callable[..., HttpResponse]) -> View:
    """The caller resolved (401 without one, 403 for a token without the scope), and a refusal answered
    as FHIR: 404, audited once."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            caller = fhir_caller(request)
        except CallerRefused as refused:
            response = _answer(operation_outcome(refused.code, refused.text), refused.status)
            response["WWW-Authenticate"] = refused.challenge
            return response
        try:
            return view(request, caller, *args, **kwargs)
        except AccessDenied as denied:
            access_denial_audit(denied, writing=request.method not in ("GET", "HEAD"), path=request.path)
            return _answer(operation_outcome("not-found", "No such resource."), 404)
        except SearchError as error:
            return _answer(operation_outcome("invalid", str(error)), 400)

    return wrapped


@require_safe
def metadata(request: HttpRequest) -> HttpResponse:
    """The CapabilityStatement: public, as FHIR expects, and free of any clinical data."""
    return _answer(capability_statement(base=_base(request)))


def _questionnaires() -> list[Resource]:
    found = (questionnaire(d) for d in default_library())
    return [q for q in found if q is not None]


def _family_scope(actor: User, query: Query) -> list[Any]:
    """The families a search can find anything in: the one a patient, subject, id or identifier names
    (a family the caller may not see raises AccessDenied), or every family the caller may see."""
    for name in ("patient", "subject", "_id", "identifier"):
        value = query.first(name)
        if value is None:
            continue
        wanted = referenced_id(identifier_value(value) if name == "identifier" else value.split(",")[0])
        if wanted is None:
            return []
        return [family_of_record(actor=actor, record_uuid=UUID(wanted))]
    return list(fhir_families(actor=actor))


def _page_urls(request: HttpRequest, query: Query, total: int) -> tuple[str, str | None]:
    params = [(k, v) for k, values in query.params.items() for v in values]
    here = f"{_base(request)}/{query.resource_type}?" + urlencode(
        [*params, ("_count", query.count), ("_offset", query.offset)]
    )
    following = query.offset + query.count
    if following >= total:
        return here, None
    return here, f"{_base(request)}/{query.resource_type}?" + urlencode(
        [*params, ("_count", query.count), ("_offset", following)]
    )


@require_safe
@fhir_view
def search(request: HttpRequest, actor: User, resource_type: str) -> HttpResponse:
    query = read_query(resource_type, {k: request.GET.getlist(k) for k in request.GET})
    found: list[tuple[FamilyRecord | None, Resource]]
    if resource_type == "Questionnaire":
        found = [(None, q) for q in _questionnaires() if matches(query, as_json(q))]
    else:
        records = family_records(actor=actor, families=_family_scope(actor, query)).values()
        found = [
            (record, resource)
            for record in records
            for resource in family_resources(record)
            if matches(query, as_json(resource))
        ]
    page = found[query.offset : query.offset + query.count]
    # The families whose records are on this page are read; the others were only searched through.
    read: dict[int, FamilyRecord] = {id(r): r for r, _resource in page if r is not None}
    fhir_read_audit(
        actor=actor, records=list(read.values()), path=request.get_full_path(), action=AuditAction.SEARCH
    )
    here, following = _page_urls(request, query, len(found))
    resources = [resource for _record, resource in page]
    return _answer(
        searchset_bundle(resources, base=_base(request), total=len(found), self_url=here, next_url=following)
    )


@require_safe
@fhir_view
def read(request: HttpRequest, actor: User, resource_type: str, resource_id: str) -> HttpResponse:
    if resource_type == "Questionnaire":
        for q in _questionnaires():
            if q.id == resource_id:  # type: ignore[attr-defined]
                return _answer(as_json(q))
        return _answer(operation_outcome("not-found", "No such resource."), 404)
    if resource_type not in FAMILY_TYPES or referenced_id(resource_id) is None:
        return _answer(operation_outcome("not-found", "No such resource."), 404)
    family = family_of_record(actor=actor, record_uuid=UUID(resource_id))
    record = family_records(actor=actor, families=[family])[family.pk]
    for resource in family_resources(record):
        if resource.get_resource_type() == resource_type and resource.id == resource_id:  # type: ignore[attr-defined]
            fhir_read_audit(actor=actor, records=[record], path=request.path)
            return _answer(as_json(resource))
    # Hidden (a sensitive category without a grant) or missing: the same answer, audited as a refusal.
    raise AccessDenied(
        actor=actor,
        action=str(Action.FAMILY_VIEW),
        category="family",
        subject_type=resource_type,
        subject_id=resource_id,
        family_uuid=family.uuid,
        organization_id=actor.organization_id,
    )


@require_safe
@fhir_view
def everything(request: HttpRequest, actor: User, patient_uuid: UUID) -> HttpResponse:
    """The whole record of the patient's family, as far as the caller may see it."""
    family = family_of_record(actor=actor, record_uuid=patient_uuid)
    record = family_records(actor=actor, families=[family])[family.pk]
    if not any(p.uuid == patient_uuid for p in record.people):
        raise AccessDenied(
            actor=actor,
            action=str(Action.FAMILY_VIEW),
            category="family",
            subject_type="patient",
            subject_id=patient_uuid,
            organization_id=actor.organization_id,
        )
    fhir_read_audit(actor=actor, records=[record], path=request.path)
    return _answer(document_bundle(family_resources(record), base=_base(request), part2=False))


@csrf_exempt  # a machine's request; a signed-in browser's cookie alone is refused below
@require_POST
@fhir_view
def import_family(request: HttpRequest, actor: User) -> HttpResponse:
    """Import one family from a Bundle (`?dry-run=true`: list every problem, write nothing)."""
    require(actor, Action.FAMILY_CREATE)
    if request.headers.get("X-Requested-With") != "fhir" and not request.headers.get("Authorization"):
        return _answer(operation_outcome("security", "Send the X-Requested-With: fhir header."), 403)
    dry_run = request.GET.get("dry-run", "").lower() in ("1", "true", "yes")
    accept_duplicates = request.GET.get("accept-duplicates", "").lower() in ("1", "true", "yes")
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return _answer(operation_outcome("structure", "The body is not JSON."), 400)
    program_uuid = request.GET.get("program", "")
    try:
        outcome = fhir_bundle_import(
            data=data,
            by=actor,
            program_uuid=program_uuid,
            dry_run=dry_run,
            accept_duplicates=accept_duplicates,
        )
    except BundleImportRefused as refused:
        return _answer(problems_outcome(refused.problems), 422)
    status = 200 if dry_run or not outcome.created else 201
    body = problems_outcome([], severity="information")
    body["issue"] = [
        {"severity": "information", "code": "informational", "diagnostics": line}
        for line in outcome.summary()
    ]
    return _answer(body, status)


@require_safe
@login_required
def family_copy_json(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EXPORT)
    copy = family_copy_bundle(actor=request.user, family=family, base=_base(request))
    response = HttpResponse(copy.content, content_type=copy.content_type)
    response["Content-Disposition"] = f'attachment; filename="{copy.filename}"'
    return response


@require_safe
@login_required
def family_copy_pdf(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EXPORT)
    copy = family_copy_summary(actor=request.user, family=family)
    response = HttpResponse(copy.content, content_type=copy.content_type)
    response["Content-Disposition"] = f'attachment; filename="{copy.filename}"'
    return response
