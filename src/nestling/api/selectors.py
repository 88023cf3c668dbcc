"""Reads the API needs that the pages do not have in this shape: lists of one family's people and records,
each ordered on a unique key last so that pages never overlap, each in one query. The family comes from
`family_for_request` (the access policy and the audited read) before any of these is asked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar
from uuid import UUID

from django.db.models import F, Model, Prefetch, QuerySet

from nestling.access.policy import Action, require, visible_families
from nestling.accounts.models import User
from nestling.api.models import ApiClient
from nestling.audit.models import AuditAction
from nestling.audit.services import AuditEntry, audit_record_many
from nestling.families.models import Caregiver, Child, Enrollment, Family, Person, Relationship
from nestling.growth.models import Measurement
from nestling.plans.models import CarePlan, Goal

M = TypeVar("M", bound=Model)


def families_listed(*, user: User) -> QuerySet[Family]:
    """The families the user may see (the policy's `visible_families`), by name."""
    return visible_families(user).select_related("program").order_by("name", "pk")


def families_read(*, user: User, families: Sequence[Family], path: str) -> None:
    """Listing families is a read of each one listed: one audit row per family, in a fixed number of
    queries (as the worklist audits its families)."""
    audit_record_many(
        actor=user,
        action=AuditAction.READ,
        entries=[
            AuditEntry("family", "family", family.uuid, family.uuid, detail={"path": path})
            for family in families
        ],
    )


def family_caregivers(*, family: Family) -> QuerySet[Caregiver]:
    return Caregiver.objects.filter(family=family).order_by("family_name", "given_name", "pk")


def family_children(*, family: Family) -> QuerySet[Child]:
    return Child.objects.filter(family=family).order_by("date_of_birth", "due_date", "pk")


def family_relationships(*, family: Family) -> QuerySet[Relationship]:
    return Relationship.objects.filter(family=family).select_related("caregiver", "child").order_by("pk")


def family_enrollments(*, family: Family) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(family=family).select_related("program").order_by("enrolled_on", "pk")


def family_plans(*, family: Family) -> QuerySet[CarePlan]:
    """The family's care plans, newest first, each with its goals in plan order (two queries)."""
    goals = Goal.objects.order_by("position", "pk")
    return (
        CarePlan.objects.filter(family=family)
        .prefetch_related(Prefetch("goals", queryset=goals))
        .order_by("-started_on", "-pk")
    )


def child_measurements(*, child: Child) -> QuerySet[Measurement]:
    """The child's measurements in force (a corrected one gives way to its correction), oldest first."""
    return Measurement.objects.filter(child=child, superseded_by__isnull=True).order_by(
        "measured_on", "kind", "pk"
    )


def api_clients_of(*, user: User) -> QuerySet[ApiClient]:
    """The API clients of the user's organization, revoked ones last."""
    require(user, Action.SETTINGS_MANAGE)
    return (
        ApiClient.objects.filter(organization_id=user.organization_id)
        .select_related("application", "program", "registered_by")
        .order_by(F("revoked_at").asc(nulls_first=True), "name", "pk")
    )


def api_client_of(*, user: User, client_uuid: UUID) -> ApiClient | None:
    require(user, Action.SETTINGS_MANAGE)
    return (
        ApiClient.objects.filter(organization_id=user.organization_id, uuid=client_uuid)
        .select_related("application", "service_user")
        .first()
    )


def person_in_family(*, family: Family, person_uuid: UUID) -> Person | None:
    """The caregiver, child or relationship of this family with this id (a screen's subject), if any."""
    for model in (Caregiver, Child, Relationship):
        found = model._default_manager.filter(family=family, uuid=person_uuid).first()
        if found is not None:
            return found
    return None


def family_row(*, queryset: QuerySet[M], family: Family, uuid: UUID | None) -> M | None:
    """The row of this family with this id (a referral's screen or consent, say), or None."""
    if uuid is None:
        return None
    return queryset.filter(family=family, uuid=uuid).first()
