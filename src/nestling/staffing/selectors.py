"""Reads for setting an organization up: a staff member's page, the families and who carries them, the
practitioners to choose from, and who supervises whom. Each returns in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, can, current_q, managed_program_ids, require
from nestling.accounts.models import Role, RoleAssignment, StaffInvitation, Supervision, User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import CaseloadAssignment, Family
from nestling.families.selectors import active_only
from nestling.organizations.models import Program

ASSIGNMENT_PAGE_SIZE = 300


def staff_member(*, actor: User, user_uuid: UUID, action: Action = Action.STAFF_VIEW) -> User:
    """A staff member of the actor's organization, if the actor may `action`; AccessDenied (a 404)."""
    person = User.objects.filter(uuid=user_uuid, organization_id=actor.organization_id).first()
    if person is None or not can(actor, action, person if action != Action.STAFF_VIEW else None):
        raise AccessDenied(
            actor=actor,
            action=str(action),
            category="account",
            subject_type="user",
            subject_id=user_uuid,
            organization_id=actor.organization_id,
        )
    return person


@dataclass
class StaffPage:
    person: User
    roles: list[RoleAssignment]
    invitation: StaffInvitation | None
    # Families the person carries now; a manager limited to programs sees only theirs.
    assignments: list[CaseloadAssignment]
    assignments_elsewhere: int
    supervisors: list[Supervision]
    supervisees: list[Supervision]

    @property
    def invited(self) -> bool:
        return self.invitation is not None and self.person.last_login is None


def staff_page(*, actor: User, person: User) -> StaffPage:
    """What an admin or manager sees about one staff member."""
    require(actor, Action.STAFF_VIEW)
    roles = list(RoleAssignment.objects.filter(user=person).select_related("program").order_by("role"))
    invitation = (
        StaffInvitation.objects.filter(user=person, accepted_at__isnull=True, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    every = list(
        CaseloadAssignment.objects.filter(current_q(), practitioner=person)
        .select_related("family", "family__program")
        .order_by("family__name")
    )
    mine = [a for a in every if can(actor, Action.ASSIGNMENTS_MANAGE, a.family)]
    links = list(
        Supervision.objects.filter(current_q(), Q(supervisor=person) | Q(supervisee=person))
        .select_related("supervisor", "supervisee")
        .order_by("starts_on")
    )
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        category="caseload",
        subject_type="user",
        subject_id=person.uuid,
        detail={"families": len(mine)},
    )
    return StaffPage(
        person=person,
        roles=roles,
        invitation=invitation,
        assignments=mine,
        assignments_elsewhere=len(every) - len(mine),
        supervisors=[link for link in links if link.supervisee_id == person.pk],
        supervisees=[link for link in links if link.supervisor_id == person.pk],
    )


def assignable_families(*, actor: User, unassigned_only: bool = False) -> list[Family]:
    """The families in care (or intake) whose assignments the actor manages, each with its current care
    team (`care_team`, primary first), unassigned ones first."""
    require(actor, Action.ASSIGNMENTS_MANAGE)
    families = Family.objects.filter(organization_id=actor.organization_id)
    if not can(actor, Action.STAFF_MANAGE):
        managed = managed_program_ids(actor)
        if None not in managed:
            families = families.filter(program_id__in=[pk for pk in managed if pk is not None])
    team = (
        CaseloadAssignment.objects.filter(current_q())
        .select_related("practitioner")
        .order_by("kind", "starts_on")
    )
    carried = CaseloadAssignment.objects.filter(current_q(), family=OuterRef("pk"))
    families = (
        active_only(families)
        .annotate(assigned=Exists(carried))
        .select_related("program")
        .prefetch_related(Prefetch("assignments", queryset=team, to_attr="care_team"))
        .order_by("assigned", "name")
    )
    if unassigned_only:
        families = families.filter(assigned=False)
    rows: list[Family] = list(families[:ASSIGNMENT_PAGE_SIZE])
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        category="caseload",
        subject_type="assignments",
        detail={"families": len(rows), "unassigned_only": unassigned_only},
    )
    return rows


def assignable_family(*, actor: User, family_uuid: UUID) -> Family:
    """One family whose assignments the actor manages, with its care team; AccessDenied (a 404)."""
    team = (
        CaseloadAssignment.objects.filter(current_q())
        .select_related("practitioner")
        .order_by("kind", "starts_on")
    )
    family = (
        Family.objects.filter(uuid=family_uuid, organization_id=actor.organization_id)
        .select_related("program")
        .prefetch_related(Prefetch("assignments", queryset=team, to_attr="care_team"))
        .first()
    )
    if family is None or not can(actor, Action.ASSIGNMENTS_MANAGE, family):
        raise AccessDenied(
            actor=actor,
            action=str(Action.ASSIGNMENTS_MANAGE),
            category="caseload",
            subject_type="family",
            subject_id=family_uuid,
            organization_id=actor.organization_id,
        )
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        category="caseload",
        subject_type="family",
        subject_id=family.uuid,
        family_uuid=family.uuid,
        detail={"assignments": True},
    )
    return family


def practitioners_to_assign(*, actor: User) -> QuerySet[User]:
    """Active practitioners of the actor's organization, each with their current caseload size."""
    return (
        User.objects.filter(
            organization_id=actor.organization_id, is_active=True, role_assignments__role=Role.PRACTITIONER
        )
        .annotate(
            caseload_size=Count(
                "caseload_assignments", filter=current_q("caseload_assignments__"), distinct=True
            )
        )
        .order_by("last_name", "first_name")
        .distinct()
    )


def staff_with_role(*, actor: User, role: str) -> QuerySet[User]:
    """Active staff of the actor's organization holding `role`."""
    return (
        User.objects.filter(
            organization_id=actor.organization_id, is_active=True, role_assignments__role=role
        )
        .order_by("last_name", "first_name")
        .distinct()
    )


def supervision_links(*, actor: User) -> list[Supervision]:
    """The organization's current supervision links, by supervisor."""
    require(actor, Action.ASSIGNMENTS_MANAGE)
    return list(
        Supervision.objects.filter(current_q(), organization_id=actor.organization_id)
        .select_related("supervisor", "supervisee")
        .order_by("supervisor__last_name", "supervisor__first_name", "supervisee__last_name")
    )


def supervision_link(*, actor: User, link_id: int) -> Supervision:
    link = (
        Supervision.objects.filter(pk=link_id, organization_id=actor.organization_id)
        .select_related("supervisor", "supervisee")
        .first()
    )
    if link is None or not can(actor, Action.ASSIGNMENTS_MANAGE):
        raise AccessDenied(
            actor=actor,
            action=str(Action.ASSIGNMENTS_MANAGE),
            category="supervision",
            subject_type="supervision",
            subject_id=str(link_id),
            organization_id=actor.organization_id,
        )
    return link


def programs_of(*, actor: User) -> QuerySet[Program]:
    return Program.objects.filter(organization_id=actor.organization_id).order_by("name")
