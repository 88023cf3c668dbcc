"""Referrals: a family's referrals (list, read), making one, and recording its next status — through the
services the pages use (`referrals.services.referrals`), so a referral made here shares only what a
consent allows, follows the date policy and leaves its follow-up task like one made on the page. A
referral in a sensitive category (substance-use treatment, intimate-partner violence services) exists only
for a reader granted it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from nestling.access.policy import granted_categories, shown_to
from nestling.api import scopes
from nestling.api.errors import UPDATE_ERRORS, WRITE_ERRORS
from nestling.api.family_operations import family_list, family_record
from nestling.api.http import authed, family_of, idempotency_id, if_match, needs, record_shown, tagged
from nestling.api.referral_schemas import ReferralIn, ReferralOut, ReferralStatusIn
from nestling.api.selectors import family_row, person_in_family
from nestling.families.models import Consent, subject_of
from nestling.records.errors import RecordInvalid
from nestling.referrals.selectors import directory_entry, referrals_for_family, referrals_queryset
from nestling.referrals.services.referrals import ReferralDraft, referral_create, referral_status_set
from nestling.screening.models import ScreeningResult

router = Router(tags=["referrals"])
READ = scopes.read("referrals")
WRITE = needs(scopes.write("referrals"))
FAMILY = "/families/{uuid:family_uuid}/referrals"

family_list(
    router,
    FAMILY,
    name="api_referrals",
    operation="referrals",
    module=__name__,
    out=ReferralOut,
    scope=READ,
    category="referral",
    rows=lambda asked: referrals_for_family(actor=asked.user, family=asked.family).shown,
    doc="The family's referrals, newest first, each with every status it passed through (one in a "
    "sensitive category only with a grant).",
)
family_record(
    router,
    FAMILY + "/{uuid:referral_uuid}",
    name="api_referral",
    operation="referral",
    module=__name__,
    out=ReferralOut,
    scope=READ,
    category="referral",
    param="referral_uuid",
    queryset=referrals_queryset,
    kind="referral",
    granted_only=True,
)


def _field_names(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    # The page's form calls the referral's person "about"; the API's field is "subject".
    return {("subject" if name == "about" else name): messages for name, messages in errors.items()}


@router.post(FAMILY, response={201: ReferralOut, **WRITE_ERRORS}, auth=WRITE, url_name="api_referrals")
def referral_add(request: HttpRequest, family_uuid: UUID, payload: ReferralIn, response: HttpResponse) -> Any:
    """Make a referral, checked as on the page; send an Idempotency-Key so that a repeated request makes
    nothing twice."""
    user = authed(request).user
    family = family_of(request, family_uuid, write=True, category="referral")
    errors: dict[str, list[str]] = {}
    person = person_in_family(family=family, person_uuid=payload.subject)
    if person is None:
        errors["subject"] = [_("There is no such caregiver, child or relationship in this family.")]
    service = directory_entry(user=user, uuid=payload.service) if payload.service else None
    if payload.service and service is None:
        errors["service"] = [_("There is no such service in your organization's directory.")]
    result = family_row(queryset=ScreeningResult.objects.all(), family=family, uuid=payload.from_result)
    if payload.from_result and (result is None or not shown_to(result, granted_categories(user, family))):
        errors["from_result"] = [_("There is no such screen in this family.")]
    consents = {}
    for name in ("consent", "part2_consent"):
        wanted = getattr(payload, name)
        consents[name] = family_row(queryset=Consent.objects.all(), family=family, uuid=wanted)
        if wanted and consents[name] is None:
            errors[name] = [_("There is no such consent in this family.")]
    if errors or person is None:
        raise RecordInvalid(errors)
    draft = ReferralDraft(
        subject=subject_of(person),
        reason=payload.reason,
        referred_on=payload.referred_on,
        expected_by=payload.expected_by,
        service=service,
        service_name=payload.service_name,
        service_kind=payload.service_kind,
        domain=payload.domain,
        urgency=payload.urgency,
        from_result=result,
        shared=payload.shared,
        consent=consents["consent"],
        part2_consent=consents["part2_consent"],
    )
    try:
        made = referral_create(
            family=family, by=user, draft=draft, send=payload.send, client_id=idempotency_id(request)
        )
    except RecordInvalid as invalid:
        raise RecordInvalid(_field_names(invalid.errors)) from None
    tagged(response, made.version)
    return Status(201, made)


@router.post(
    FAMILY + "/{uuid:referral_uuid}/status",
    response={200: ReferralOut, **UPDATE_ERRORS},
    auth=WRITE,
    url_name="api_referral_status",
)
def referral_status(
    request: HttpRequest,
    family_uuid: UUID,
    referral_uuid: UUID,
    payload: ReferralStatusIn,
    response: HttpResponse,
) -> Any:
    """Record what happened next (sent, received, appointment set, or how it ended); send If-Match with
    the ETag you read."""
    version = if_match(request)
    user = authed(request).user
    family = family_of(request, family_uuid, write=True, category="referral")
    referral = record_shown(request, referrals_queryset(), family, referral_uuid, kind="referral")
    changed = referral_status_set(
        referral=referral,
        by=user,
        version=version,
        status=payload.status,
        on=payload.on,
        note=payload.note,
        expected_by=payload.expected_by,
    )
    tagged(response, changed.version)
    return changed
