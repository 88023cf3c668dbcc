"""Who may read and write what of a staff member's practice record. Training, RS/C and endorsement are
about staff, not families, so family visibility does not decide them; these rules do, and refuse with the
same AccessDenied (a 404, audited once) as the family record.

- A staff member reads their own record; their current reflective supervisor reads it; a program manager
  of the organization reads everyone's.
- The person writes their own training and the personal half of the profile; a manager writes anyone's
  training and the program's half (endorsement, caseload capacity).
- An RS/C session is seen by its leader, the supervisees it was for, their supervisors and the managers;
  its reflection notes by its leader and the supervisees it was for only.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from nestling.access.denials import AccessDenied
from nestling.access.policy import current_q, roles_of
from nestling.accounts.models import Role, Supervision, User

CLINICAL_ROLES = frozenset({Role.PRACTITIONER, Role.SUPERVISOR})


def is_manager(actor: User | AnonymousUser) -> bool:
    return Role.MANAGER in roles_of(actor)


def supervises(actor: User, person: User) -> bool:
    return Supervision.objects.filter(current_q(), supervisor=actor, supervisee=person).exists()


def may_read_staff(actor: User | AnonymousUser, person: User) -> bool:
    """Whether the actor may read this person's profile, training, RS/C hours and readiness."""
    if not isinstance(actor, User) or not roles_of(actor) or actor.organization_id != person.organization_id:
        return False
    if actor.pk == person.pk or is_manager(actor):
        return True
    return Role.SUPERVISOR in roles_of(actor) and supervises(actor, person)


def may_write_own(actor: User | AnonymousUser, person: User) -> bool:
    """The person's own half of their record (and their own training)."""
    return isinstance(actor, User) and actor.pk == person.pk and bool(roles_of(actor))


def may_write_as_manager(actor: User | AnonymousUser, person: User) -> bool:
    return isinstance(actor, User) and actor.organization_id == person.organization_id and is_manager(actor)


def refuse(
    actor: User | AnonymousUser, action: str, *, subject_type: str, subject_id: object
) -> AccessDenied:
    """The refusal to raise: audited once by the middleware, a 404 to the person."""
    return AccessDenied(
        actor=actor,
        action=action,
        category="workforce",
        subject_type=subject_type,
        subject_id=str(subject_id),
        organization_id=getattr(actor, "organization_id", None),
    )


def require_staff_read(actor: User | AnonymousUser, person: User) -> None:
    if not may_read_staff(actor, person):
        raise refuse(actor, "staff.read", subject_type="user", subject_id=person.uuid)
