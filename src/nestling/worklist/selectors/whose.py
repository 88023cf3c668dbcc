"""Whose worklist and week a reader may open: their own, and a reflective supervisor's current
supervisees'."""

from __future__ import annotations

from uuid import UUID

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, require, require_caseload_of, roles_of
from nestling.accounts.models import Role, User
from nestling.workforce.selectors import supervisees_with_caseloads


def caseload_owners(*, actor: User) -> list[User]:
    """The people whose caseload the actor may read as a whole: themselves when they carry families, then
    their current supervisees by name (one query, none for a practitioner who supervises no one)."""
    require(actor, Action.CASELOAD_VIEW)
    roles = roles_of(actor)
    owners = [actor] if Role.PRACTITIONER in roles else []
    if Role.SUPERVISOR in roles:
        owners.extend(
            person for person in supervisees_with_caseloads(supervisor=actor) if person.pk != actor.pk
        )
    return owners


def caseload_owner(*, actor: User, wanted: str, owners: list[User]) -> User:
    """The person asked for by id (`wanted`, from the page's choice), or by default the first the actor may
    read (themselves, or their first supervisee). Anyone else is refused (AccessDenied: a 404)."""
    if not wanted:
        return owners[0] if owners else actor
    try:
        wanted_uuid = UUID(wanted)
    except ValueError:
        wanted_uuid = None
    for person in owners:
        if person.uuid == wanted_uuid:
            require_caseload_of(actor, person)
            return person
    raise AccessDenied(
        actor=actor,
        action="caseload.read",
        category="caseload",
        subject_type="user",
        subject_id=wanted[:64],
        organization_id=actor.organization_id,
    )
