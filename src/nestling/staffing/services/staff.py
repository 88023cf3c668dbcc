"""An organization admin's changes to staff accounts: roles (and a manager's program), deactivation and
reactivation. Each is audited; the organization is never left without an active admin."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import Role, RoleAssignment, User
from nestling.accounts.services import user_deactivate, user_reactivate
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.organizations.models import Program
from nestling.records.errors import RecordInvalid


def _audit_roles(*, by: User, person: User, before: list[str], after: list[str]) -> None:
    audit_record(
        actor=by,
        action=AuditAction.CHANGE,
        category="account",
        subject_type="user",
        subject_id=person.uuid,
        detail={"before": {"roles": before}, "after": {"roles": after}},
    )


def _role_words(person: User) -> list[str]:
    rows = RoleAssignment.objects.filter(user=person).select_related("program").order_by("role", "program_id")
    return [f"{row.role}:{row.program.uuid}" if row.program else str(row.role) for row in rows]


def _other_active_admins(person: User) -> int:
    return (
        RoleAssignment.objects.filter(
            organization_id=person.organization_id, role=Role.ORG_ADMIN, user__is_active=True
        )
        .exclude(user=person)
        .count()
    )


def staff_role_add(*, by: User, person: User, role: str, program: Program | None = None) -> RoleAssignment:
    """Give a staff member a role; a program manager's may be limited to one program."""
    require(by, Action.STAFF_MANAGE, person)
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [_("Choose a role.")]
    if program is not None and role != Role.MANAGER:
        errors["program"] = [
            _("Only a program manager's role is limited to a program; leave the program empty.")
        ]
    if program is not None and program.organization_id != by.organization_id:
        errors["program"] = [_("Choose a program of your organization.")]
    # The table's unique constraint lets two rows with no program through (NULLs differ), so ask.
    if (
        "role" not in errors
        and RoleAssignment.objects.filter(user=person, role=role, program=program).exists()
    ):
        errors["role"] = [_("%(name)s already has this role.") % {"name": person}]
    if errors:
        raise RecordInvalid(errors)
    before = _role_words(person)
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(
                organization_id=person.organization_id, user=person, role=role, program=program
            )
            _audit_roles(by=by, person=person, before=before, after=_role_words(person))
    except IntegrityError:
        raise RecordInvalid({"role": [_("%(name)s already has this role.") % {"name": person}]}) from None
    return assignment


def staff_role_remove(*, by: User, assignment: RoleAssignment) -> None:
    """Take a role away; the last active organization admin keeps theirs."""
    person = assignment.user
    require(by, Action.STAFF_MANAGE, person)
    with transaction.atomic():
        if assignment.role == Role.ORG_ADMIN and person.is_active and not _other_active_admins(person):
            if person.pk == by.pk:
                message = _(
                    "You are the organization's only admin: give someone else the role before removing yours."
                )
            else:
                message = _("%(name)s is the organization's only admin; the role cannot be removed.") % {
                    "name": person
                }
            raise RecordInvalid({"": [message]})
        before = _role_words(person)
        assignment.delete()
        _audit_roles(by=by, person=person, before=before, after=_role_words(person))


def staff_deactivate(*, by: User, person: User) -> None:
    """Stop a person signing in and end their sessions at once. Their families stay assigned to them until
    someone moves the caseload (the staff page lists it)."""
    require(by, Action.STAFF_MANAGE, person)
    if person.pk == by.pk:
        raise RecordInvalid({"": [_("You cannot deactivate your own account.")]})
    if not person.is_active:
        raise RecordInvalid({"": [_("%(name)s is already deactivated.") % {"name": person}]})
    is_admin = RoleAssignment.objects.filter(user=person, role=Role.ORG_ADMIN).exists()
    if is_admin and not _other_active_admins(person):
        raise RecordInvalid({"": [_("%(name)s is the organization's only active admin.") % {"name": person}]})
    user_deactivate(user=person, by=by)


def staff_reactivate(*, by: User, person: User) -> None:
    """Let a deactivated person sign in again."""
    require(by, Action.STAFF_MANAGE, person)
    if person.is_active:
        raise RecordInvalid({"": [_("%(name)s can already sign in.") % {"name": person}]})
    user_reactivate(user=person, by=by)
