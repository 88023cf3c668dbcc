"""Reads for program managers and organization admins."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from nestling.access.policy import current_q, managed_program_ids
from nestling.accounts.models import Role, User
from nestling.organizations.models import Program


def programs_for_manager(*, user: User) -> QuerySet[Program]:
    """The programs a manager manages, each with its family count and its current caseload count."""
    programs = Program.objects.filter(organization_id=user.organization_id)
    managed = managed_program_ids(user)
    if None not in managed:
        programs = programs.filter(pk__in=[pk for pk in managed if pk is not None])
    return programs.annotate(
        family_count=Count("families", distinct=True),
        served_count=Count("families", filter=current_q("families__assignments__"), distinct=True),
    ).order_by("name")


def practitioners_with_caseloads(*, user: User) -> QuerySet[User]:
    """Practitioners of the manager's organization with their current caseload sizes."""
    return (
        User.objects.filter(
            organization_id=user.organization_id,
            is_active=True,
            role_assignments__role=Role.PRACTITIONER,
        )
        .annotate(
            caseload_size=Count(
                "caseload_assignments", filter=current_q("caseload_assignments__"), distinct=True
            )
        )
        .order_by("last_name", "first_name")
        .distinct()
    )


def staff_list(*, user: User) -> QuerySet[User]:
    """Everyone with an account in the user's organization, with their roles. A system integration's
    service user is not a person on the staff: it is listed with the API clients, not here."""
    return (
        User.objects.filter(organization_id=user.organization_id, api_client__isnull=True)
        .prefetch_related("role_assignments")
        .order_by("-is_active", "last_name", "first_name")
    )
