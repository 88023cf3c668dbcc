"""Reads about supervision and staff profiles. Qualification: `selectors.qualification`; RS/C:
`selectors.rsc`; endorsement readiness: `selectors.readiness`."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from nestling.access.policy import current_q
from nestling.accounts.models import Supervision, User
from nestling.workforce.models import StaffProfile


def supervisees_with_caseloads(*, supervisor: User) -> QuerySet[User]:
    """The supervisor's current supervisees, each with the size of their current caseload."""
    supervisee_ids = Supervision.objects.filter(current_q(), supervisor=supervisor).values("supervisee_id")
    current_assignment = current_q("caseload_assignments__")
    return (
        User.objects.filter(pk__in=supervisee_ids, organization_id=supervisor.organization_id)
        .annotate(caseload_size=Count("caseload_assignments", filter=current_assignment, distinct=True))
        .order_by("last_name", "first_name")
    )


def may_diagnose_ids(*, people: list[User]) -> set[int]:
    """Which of these staff members' disciplines may diagnose (one query)."""
    return set(
        StaffProfile.objects.filter(user__in=people, may_diagnose=True).values_list("user_id", flat=True)
    )


def staff_profiles(*, users: list[User]) -> dict[int, StaffProfile]:
    """The staff profiles of these people, by user id (one query); someone without one has none yet."""
    return {
        profile.user_id: profile
        for profile in StaffProfile.objects.filter(user__in=users).select_related("qualified_set_by")
    }
