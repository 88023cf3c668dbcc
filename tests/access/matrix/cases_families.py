"""The family record: the household, its people, relationships, enrollments, consents and factors.

Reading pages are for whoever may see the family; forms that change it are for a practitioner with the
family on their caseload. Each POST sends what a person filling the form in would.
"""

from __future__ import annotations

import uuid

from django.utils import timezone

from nestling.accounts.models import User
from nestling.families.contributions import discharge_contributors
from tests.access.matrix.family_targets import EDIT, READ, family_pattern, in_family
from tests.access.matrix.shapes import Pattern
from tests.access.matrix.world import Records

F = "families/<uuid:family_uuid>/"


def _today() -> str:
    return timezone.localdate().isoformat()


def _new() -> str:
    return str(uuid.uuid4())


def _family(r: Records, user: User) -> dict[str, str]:
    return {"version": str(r.family.version), "name": f"{r.family.name} renamed"}


def _leave(r: Records, user: User) -> dict[str, str]:
    return {"ends_on": _today()}


def _caregiver_add(r: Records, user: User) -> dict[str, str]:
    return {"client_id": _new(), "given_name": "Wren", "family_name": "Synthetic-Added"}


def _caregiver_edit(r: Records, user: User) -> dict[str, str]:
    c = r.caregiver
    return {
        "version": str(c.version),
        "given_name": c.given_name,
        "family_name": c.family_name,
        "phone": "555-0142",
    }


def _child_add(r: Records, user: User) -> dict[str, str]:
    return {"client_id": _new(), "family_name": "Synthetic-Added", "due_date": _today(), "sex": "unknown"}


def _child_edit(r: Records, user: User) -> dict[str, str]:
    c = r.child
    return {"version": str(c.version), "given_name": "Renamed", "family_name": c.family_name, "sex": c.sex}


def _birth(r: Records, user: User) -> dict[str, str]:
    return {
        "version": str(r.unborn.version),
        "given_name": "Ivy",
        "date_of_birth": _today(),
        "sex": "female",
        "birth_weight_grams": "3100",
    }


def _relationship_add(r: Records, user: User) -> dict[str, str]:
    # The unborn child has no relationship yet, so the pair is new.
    return {
        "client_id": _new(),
        "caregiver": str(r.caregiver.uuid),
        "child": str(r.unborn.uuid),
        "kind": "biological_mother",
        "legal_custody": "sole",
    }


def _observe(r: Records, user: User) -> dict[str, str]:
    return {"client_id": _new(), "observed_on": _today(), "kind": "strength", "text": "Synthetic observation"}


def _relationship_edit(r: Records, user: User) -> dict[str, str]:
    rel = r.relationship
    return {
        "version": str(rel.version),
        "kind": rel.kind,
        "legal_custody": rel.legal_custody,
        "strengths": "Synthetic strengths, edited",
    }


def _enrollment_add(r: Records, user: User) -> dict[str, str]:
    return {
        "client_id": _new(),
        "program": str(r.other_program.uuid),
        "enrolled_on": _today(),
        "referral_source": "self",
        "service_level": "promotion",
    }


def _enrollment_edit(r: Records, user: User) -> dict[str, str]:
    e = r.enrollment
    return {
        "version": str(e.version),
        "enrolled_on": e.enrolled_on.isoformat(),
        "referral_source": e.referral_source,
        "referral_detail": "Synthetic clinic, edited",
        "service_level": e.service_level,
    }


def _discharge(r: Records, user: User) -> dict[str, str]:
    """The confirm step of a discharge, keeping every open item (none in a sensitive category: no persona
    holds a grant, and an answer for an item one may not see is refused)."""
    today = timezone.localdate()
    items = [
        item
        for contributor in discharge_contributors()
        for item in contributor.open_items(family=r.family, on=today)
        if not item.sensitive_category
    ]
    return {
        "version": str(r.enrollment.version),
        "discharged_on": today.isoformat(),
        "discharge_reason": "goals_met",
        "discharge_note": "Synthetic closing summary",
        "step": "confirm",
    } | {f"decide:{item.key}": "keep" for item in items}


def _consent_add(r: Records, user: User) -> dict[str, str]:
    return {
        "client_id": _new(),
        "kind": "services",
        "given_by": str(r.caregiver.uuid),
        "given_on": _today(),
        # Each request a consent of its own: the same one already in force is refused.
        "recipient": f"Synthetic clinic {_new()[:8]}",
    }


def _consent_revoke(r: Records, user: User) -> dict[str, str]:
    return {"version": str(r.consent.version), "revoked_on": _today(), "revocation_note": "Synthetic"}


def _factor_add(r: Records, user: User) -> dict[str, str]:
    return {
        "client_id": _new(),
        "kind": "protective",
        "group": "relationships",
        "description": "Synthetic supportive grandparent",
        "status": "present",
        "noted_on": _today(),
        "source": "observation",
    }


def _factor_edit(r: Records, user: User) -> dict[str, str]:
    f = r.factor
    return {
        "version": str(f.version),
        "kind": f.kind,
        "group": f.group,
        "description": f"{f.description}, edited",
        "status": "resolved",
        "noted_on": f.noted_on.isoformat(),
        "source": f.source,
    }


_READ = {"GET": READ}
_FORM = {"GET": EDIT, "POST": EDIT}

PATTERNS: list[Pattern] = [
    family_pattern(F, "family_detail", _READ),
    family_pattern(F + "edit/", "family_edit", _FORM, data=_family),
    family_pattern(F + "history/", "family_timeline", _READ),
    family_pattern(
        F + "household/<uuid:membership_uuid>/leave/",
        "household_member_leave",
        _FORM,
        kwargs=in_family(membership_uuid="membership"),
        data=_leave,
        nested=True,
    ),
    family_pattern(F + "caregivers/new/", "caregiver_add", _FORM, data=_caregiver_add),
    family_pattern(
        F + "caregivers/<uuid:caregiver_uuid>/edit/",
        "caregiver_edit",
        _FORM,
        kwargs=in_family(caregiver_uuid="caregiver"),
        data=_caregiver_edit,
        nested=True,
    ),
    family_pattern(F + "children/new/", "child_add", _FORM, data=_child_add),
    family_pattern(
        F + "children/<uuid:child_uuid>/edit/",
        "child_edit",
        _FORM,
        kwargs=in_family(child_uuid="child"),
        data=_child_edit,
        nested=True,
    ),
    family_pattern(
        F + "children/<uuid:child_uuid>/birth/",
        "birth_record",
        _FORM,
        kwargs=in_family(child_uuid="unborn"),
        data=_birth,
        nested=True,
    ),
    family_pattern(F + "relationships/new/", "relationship_add", _FORM, data=_relationship_add),
    # Adding an observation is a POST to the relationship's page.
    family_pattern(
        F + "relationships/<uuid:relationship_uuid>/",
        "relationship_detail",
        {"GET": READ, "POST": EDIT},
        kwargs=in_family(relationship_uuid="relationship"),
        data=_observe,
        nested=True,
    ),
    family_pattern(
        F + "relationships/<uuid:relationship_uuid>/edit/",
        "relationship_edit",
        _FORM,
        kwargs=in_family(relationship_uuid="relationship"),
        data=_relationship_edit,
        nested=True,
    ),
    family_pattern(F + "enrollments/new/", "enrollment_add", _FORM, data=_enrollment_add),
    family_pattern(
        F + "enrollments/<uuid:enrollment_uuid>/edit/",
        "enrollment_edit",
        _FORM,
        kwargs=in_family(enrollment_uuid="enrollment"),
        data=_enrollment_edit,
        nested=True,
    ),
    family_pattern(
        F + "enrollments/<uuid:enrollment_uuid>/discharge/",
        "enrollment_discharge",
        _FORM,
        kwargs=in_family(enrollment_uuid="enrollment"),
        data=_discharge,
        nested=True,
    ),
    family_pattern(F + "consents/new/", "consent_add", _FORM, data=_consent_add),
    family_pattern(
        F + "consents/<uuid:consent_uuid>/revoke/",
        "consent_revoke",
        _FORM,
        kwargs=in_family(consent_uuid="consent"),
        data=_consent_revoke,
        nested=True,
    ),
    family_pattern(F + "factors/new/", "risk_factor_add", _FORM, data=_factor_add),
    family_pattern(
        F + "factors/<uuid:factor_uuid>/edit/",
        "risk_factor_edit",
        _FORM,
        kwargs=in_family(factor_uuid="factor"),
        data=_factor_edit,
        nested=True,
        closed={"substance-use factor, no grant": in_family(factor_uuid="hidden_factor")},
    ),
]
