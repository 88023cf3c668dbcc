"""Enrollment episodes, consents, and risk and protective factors."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require_category
from nestling.access.shortcuts import family_for_request
from nestling.accounts.http import AuthedRequest, require_GET_or_POST
from nestling.families.forms import (
    CONSENT_FIELDS,
    ENROLLMENT_CREATE_FIELDS,
    ENROLLMENT_EDIT_FIELDS,
    FACTOR_FIELDS,
    ConsentCreateForm,
    ConsentRevokeForm,
    EnrollmentCreateForm,
    EnrollmentEditForm,
    RiskFactorCreateForm,
    RiskFactorEditForm,
)
from nestling.families.models import Consent, Enrollment, RiskFactor
from nestling.families.services.consent import consent_create, consent_revoke
from nestling.families.services.enrollment import enrollment_create, enrollment_update
from nestling.families.services.risk import risk_factor_create, risk_factor_update
from nestling.families.views.editing import create_flow, edit_flow, record_in_family


def _fields(data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data}


def _family_url(family_uuid: UUID, anchor: str) -> str:
    return reverse("family_detail", args=[family_uuid]) + f"#{anchor}"


@require_GET_or_POST
@login_required
def enrollment_add(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="enrollment")
    return create_flow(
        request,
        family=family,
        form_class=EnrollmentCreateForm,
        form_kwargs={"family": family},
        initial={"enrolled_on": timezone.localdate()},
        save=lambda data: enrollment_create(
            family=family,
            by=request.user,
            client_id=data["client_id"],
            program=data["program"],
            **_fields(data, ENROLLMENT_CREATE_FIELDS),
        ),
        title=_("Enroll the family"),
        submit=_("Enroll"),
        done=_("Enrollment recorded."),
        next_url=lambda _record: _family_url(family.uuid, "enrollment"),
    )


@require_GET_or_POST
@login_required
def enrollment_edit(request: AuthedRequest, family_uuid: UUID, enrollment_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="enrollment")
    enrollment = record_in_family(
        request, Enrollment.objects.all(), family, enrollment_uuid, kind="enrollment"
    )

    def save(version: int, changes: dict[str, Any]) -> Enrollment:
        return enrollment_update(
            enrollment=enrollment,
            by=request.user,
            version=version,
            level_changed_on=changes.pop("level_changed_on", None),
            level_reason=changes.pop("level_reason", ""),
            **changes,
        )

    discharged = enrollment.discharged_on is not None
    return edit_flow(
        request,
        family=family,
        form_class=EnrollmentEditForm,
        form_kwargs={"discharged": discharged},
        names=[*ENROLLMENT_EDIT_FIELDS, "level_changed_on", "level_reason"],
        record=enrollment,
        save=save,
        title=_("Enrollment"),
        submit=_("Save enrollment"),
        done=_("Enrollment saved."),
        next_url=_family_url(family.uuid, "enrollment"),
        intro=_(
            "This episode is discharged: correct its discharge here. To work with the family again, "
            "enroll them again."
        )
        if discharged
        else _(
            "To discharge the family, use “Discharge” on the family page: it asks what to do with "
            "their open tasks, visits and screens."
        ),
    )


@require_GET_or_POST
@login_required
def consent_add(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="consent")
    return create_flow(
        request,
        family=family,
        form_class=ConsentCreateForm,
        form_kwargs={"family": family},
        initial={"given_on": timezone.localdate()},
        save=lambda data: consent_create(
            family=family, by=request.user, client_id=data["client_id"], **_fields(data, CONSENT_FIELDS)
        ),
        title=_("Record a consent"),
        submit=_("Save consent"),
        done=_("Consent recorded."),
        next_url=lambda _record: _family_url(family.uuid, "consent"),
        intro=_(
            "A consent for substance use information (42 CFR Part 2) needs every element: who may "
            "disclose, what information, to whom, why, until when, that the right to revoke was explained, "
            "and a signature."
        ),
    )


@require_GET_or_POST
@login_required
def consent_revoke_view(request: AuthedRequest, family_uuid: UUID, consent_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="consent")
    consent = record_in_family(request, Consent.objects.all(), family, consent_uuid, kind="consent")
    # A consent in a sensitive category the user has no grant for does not exist for them.
    require_category(
        request.user,
        consent.sensitive_category,
        family,
        action="record.open",
        subject_type="consent",
        subject_id=consent.uuid,
    )
    return edit_flow(
        request,
        family=family,
        form_class=ConsentRevokeForm,
        names=["revoked_on", "revocation_note"],
        record=consent,
        save=lambda version, values: consent_revoke(
            consent=consent,
            by=request.user,
            version=version,
            revoked_on=values["revoked_on"],
            note=values.get("revocation_note", ""),
        ),
        title=_("Revoke: %(kind)s") % {"kind": consent.get_kind_display()},
        submit=_("Revoke consent"),
        done=_("Consent revoked."),
        next_url=_family_url(family.uuid, "consent"),
        suggested={"revoked_on": timezone.localdate()},
    )


@require_GET_or_POST
@login_required
def risk_factor_add(request: AuthedRequest, family_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="risk")
    return create_flow(
        request,
        family=family,
        form_class=RiskFactorCreateForm,
        form_kwargs={"family": family},
        initial={"noted_on": timezone.localdate()},
        save=lambda data: risk_factor_create(
            family=family, by=request.user, client_id=data["client_id"], **_fields(data, FACTOR_FIELDS)
        ),
        title=_("Record a risk or protective factor"),
        submit=_("Save factor"),
        done=_("Factor recorded."),
        next_url=lambda _record: _family_url(family.uuid, "factors"),
    )


@require_GET_or_POST
@login_required
def risk_factor_edit(request: AuthedRequest, family_uuid: UUID, factor_uuid: UUID) -> HttpResponse:
    family = family_for_request(request, family_uuid, action=Action.FAMILY_EDIT, category="risk")
    factor = record_in_family(request, RiskFactor.objects.all(), family, factor_uuid, kind="risk")
    # A factor in a sensitive category the user has no grant for does not exist for them.
    require_category(
        request.user,
        factor.sensitive_category,
        family,
        action="record.open",
        subject_type="riskfactor",
        subject_id=factor.uuid,
    )
    return edit_flow(
        request,
        family=family,
        form_class=RiskFactorEditForm,
        form_kwargs={"family": family},
        names=FACTOR_FIELDS,
        record=factor,
        save=lambda version, changes: risk_factor_update(
            factor=factor, by=request.user, version=version, **changes
        ),
        title=_("Edit factor"),
        submit=_("Save factor"),
        done=_("Factor saved."),
        next_url=_family_url(family.uuid, "factors"),
    )
