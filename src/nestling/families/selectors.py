"""Reads of families for lists and pages. Each returns in a fixed number of queries."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from nestling.access.policy import caseload_families, current_q
from nestling.accounts.models import User
from nestling.families.models import CaseloadAssignment, Family


def caseload_list(*, user: User) -> QuerySet[Family]:
    """The user's current caseload, each family annotated with the user's assignment kind and start."""
    mine = CaseloadAssignment.objects.filter(current_q(), practitioner=user, family=OuterRef("pk")).order_by(
        "starts_on"
    )
    return (
        caseload_families(user)
        .select_related("program")
        .annotate(
            assignment_kind=Subquery(mine.values("kind")[:1]),
            assigned_since=Subquery(mine.values("starts_on")[:1]),
        )
        .order_by("name")
    )


def family_detail_queryset() -> QuerySet[Family]:
    """What the family page needs, fetched together: program and the current care team."""
    team = (
        CaseloadAssignment.objects.filter(current_q())
        .select_related("practitioner")
        .order_by("kind", "starts_on")
    )
    return Family.objects.select_related("program").prefetch_related(
        Prefetch("assignments", queryset=team, to_attr="care_team")
    )
