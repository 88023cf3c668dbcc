"""Who may see and do what. Every view and API endpoint asks here.

- A practitioner sees the families on their current caseload.
- A reflective supervisor sees their current supervisees' caseloads (and their own, if they carry one).
- A program manager sees every family in the programs they manage (all programs when not limited to one).
- An organization admin and a privacy officer see no family records by their role alone.
- Anyone may open a family of their own organization through break-the-glass: a typed reason, a few
  hours, reviewed by the privacy officer.
Sensitive categories (substance use, trauma history, child protection, intimate-partner violence) need an
explicit grant on top.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.access.models import BreakGlassAccess, SensitiveGrant
from nestling.accounts.models import Role, Supervision, User
from nestling.families.models import CaseloadAssignment, Family

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Action(enum.StrEnum):
    FAMILY_VIEW = "family.view"
    FAMILY_EDIT = "family.edit"
    FAMILY_CREATE = "family.create"
    CASELOAD_VIEW = "caseload.view"
    TEAM_VIEW = "team.view"
    PROGRAM_VIEW = "program.view"
    AUDIT_VIEW = "audit.view"
    BREAK_GLASS_REVIEW = "break_glass.review"
    BREAK_GLASS_OPEN = "break_glass.open"
    STAFF_VIEW = "staff.view"
    STAFF_MANAGE = "staff.manage"
    SETTINGS_MANAGE = "settings.manage"
    SCHEDULE_MANAGE = "schedule.manage"
    SERVICE_TYPES_MANAGE = "service_types.manage"
    # A program's parents' and parent–baby groups: its manager, and the practitioners carrying its families.
    PROGRAM_GROUPS = "program.groups"
    # What a practitioner is qualified for (relationship-based therapy; whether their discipline may
    # diagnose): the program's call, made by a program manager for now.
    QUALIFICATION_SET = "qualification.set"
    # The organization's directory of local services that families are referred to.
    DIRECTORY_VIEW = "directory.view"
    DIRECTORY_MANAGE = "directory.manage"
    # Which practitioner carries which family, and who supervises whom: a program manager (for their
    # programs; with a program or family as the object) and the organization admin.
    ASSIGNMENTS_MANAGE = "assignments.manage"
    # Sensitive-category grants: given, withdrawn and listed by the privacy officer.
    GRANTS_MANAGE = "grants.manage"
    # Giving a family its own copy of its record (a FHIR Bundle, a PDF summary): a disclosure, made by
    # the practitioner carrying the family or a manager of its program.
    FAMILY_EXPORT = "family.export"


_ROLE_ACTIONS: dict[Action, frozenset[str]] = {
    Action.FAMILY_CREATE: frozenset({Role.PRACTITIONER}),
    Action.CASELOAD_VIEW: frozenset({Role.PRACTITIONER, Role.SUPERVISOR}),
    Action.TEAM_VIEW: frozenset({Role.SUPERVISOR}),
    Action.PROGRAM_VIEW: frozenset({Role.MANAGER}),
    Action.AUDIT_VIEW: frozenset({Role.PRIVACY_OFFICER}),
    Action.BREAK_GLASS_REVIEW: frozenset({Role.PRIVACY_OFFICER}),
    Action.BREAK_GLASS_OPEN: frozenset({Role.PRACTITIONER, Role.SUPERVISOR, Role.MANAGER}),
    Action.STAFF_VIEW: frozenset({Role.ORG_ADMIN, Role.MANAGER}),
    Action.STAFF_MANAGE: frozenset({Role.ORG_ADMIN}),
    Action.SETTINGS_MANAGE: frozenset({Role.ORG_ADMIN}),
    Action.SCHEDULE_MANAGE: frozenset({Role.MANAGER, Role.ORG_ADMIN}),
    # The organization's own kinds of service (the field's shipped ones are not theirs to change).
    Action.SERVICE_TYPES_MANAGE: frozenset({Role.MANAGER, Role.ORG_ADMIN}),
    Action.PROGRAM_GROUPS: frozenset({Role.MANAGER, Role.PRACTITIONER}),
    Action.QUALIFICATION_SET: frozenset({Role.MANAGER}),
    Action.DIRECTORY_VIEW: frozenset({Role.PRACTITIONER, Role.SUPERVISOR, Role.MANAGER, Role.ORG_ADMIN}),
    Action.DIRECTORY_MANAGE: frozenset({Role.MANAGER, Role.ORG_ADMIN}),
    Action.ASSIGNMENTS_MANAGE: frozenset({Role.MANAGER, Role.ORG_ADMIN}),
    Action.GRANTS_MANAGE: frozenset({Role.PRIVACY_OFFICER}),
}


def _today() -> date:
    return timezone.localdate()


def current_q(prefix: str = "", on: date | None = None) -> Q:
    """Rows whose starts_on..ends_on period covers `on` (today by default)."""
    on = on or _today()
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
    )


def roles_of(user: User | AnonymousUser) -> frozenset[str]:
    """The user's staff roles, read once per user object (one query per request at most)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_nestling_roles", None)
    if cached is None:
        rows = list(user.role_assignments.values_list("role", "program_id"))
        cached = frozenset(role for role, _program in rows)
        # Cached on the user object, which lives for one request.
        user.__dict__["_nestling_roles"] = cached
        user.__dict__["_nestling_managed_programs"] = [
            program for role, program in rows if role == Role.MANAGER
        ]
    return cached


def managed_program_ids(user: User) -> list[int | None]:
    """Programs a manager manages; None in the list means every program of the organization."""
    roles_of(user)
    return list(getattr(user, "_nestling_managed_programs", []))


def _scope_q(user: User, on: date | None = None) -> Q | None:
    roles = roles_of(user)
    if not roles:
        return None
    now = timezone.now()
    scope = Q(
        pk__in=CaseloadAssignment.objects.filter(current_q(on=on), practitioner=user).values("family_id")
    )
    if Role.SUPERVISOR in roles:
        supervisees = Supervision.objects.filter(current_q(on=on), supervisor=user).values("supervisee_id")
        scope |= Q(
            pk__in=CaseloadAssignment.objects.filter(current_q(on=on), practitioner__in=supervisees).values(
                "family_id"
            )
        )
    if Role.MANAGER in roles:
        programs = managed_program_ids(user)
        if None in programs:
            scope |= Q(pk__isnull=False)
        else:
            scope |= Q(program_id__in=programs)
    scope |= Q(
        pk__in=BreakGlassAccess.objects.filter(user=user, started_at__lte=now, expires_at__gt=now).values(
            "family_id"
        )
    )
    return scope


def visibility_q(user: User | AnonymousUser, *, on: date | None = None) -> Q | None:
    """The condition a family must meet to be visible to this user, or None when nothing is."""
    if not user.is_authenticated:
        return None
    scope = _scope_q(user, on)
    return None if scope is None else scope & Q(organization_id=user.organization_id)


def visible_families(user: User | AnonymousUser, *, on: date | None = None) -> QuerySet[Family]:
    """Every family this user may see, as a queryset to filter further."""
    if not user.is_authenticated:
        return Family.objects.none()
    scope = _scope_q(user, on)
    if scope is None:
        return Family.objects.none()
    return Family.objects.filter(scope, organization_id=user.organization_id)


def caseload_families(user: User, *, on: date | None = None) -> QuerySet[Family]:
    """Only the families this user is currently assigned to.

    The caseload's ids (a few dozen) are read first: filtering families by a short list uses the primary
    key whatever the database's statistics say, where a subquery let SQLite scan every family.
    """
    family_ids = list(
        CaseloadAssignment.objects.filter(current_q(on=on), practitioner=user).values_list(
            "family_id", flat=True
        )
    )
    return Family.objects.filter(organization_id=user.organization_id, pk__in=family_ids)


def is_on_caseload(user: User, family: Family) -> bool:
    return CaseloadAssignment.objects.filter(current_q(), practitioner=user, family=family).exists()


def can(user: User | AnonymousUser, action: Action | str, obj: Any = None) -> bool:
    """Whether the user may do `action`, on `obj` when the action concerns one."""
    action = Action(action)
    roles = roles_of(user)
    if not roles:
        return False
    # A family the web door already checked for this user and action, in this request, needs no second
    # query when a service checks it again.
    if isinstance(obj, Family) and (getattr(user, "pk", None), action) in obj.__dict__.get(_CHECKED, ()):
        return True
    if action == Action.FAMILY_VIEW:
        return isinstance(obj, Family) and visible_families(user).filter(pk=obj.pk).exists()
    if action == Action.FAMILY_EDIT:
        return (
            isinstance(obj, Family)
            and isinstance(user, User)
            and obj.organization_id == user.organization_id
            and Role.PRACTITIONER in roles
            and is_on_caseload(user, obj)
        )
    if action == Action.FAMILY_EXPORT:
        if not (isinstance(obj, Family) and isinstance(user, User)):
            return False
        if obj.organization_id != user.organization_id:
            return False
        if Role.PRACTITIONER in roles and is_on_caseload(user, obj):
            return True
        managed = managed_program_ids(user)
        return Role.MANAGER in roles and (None in managed or obj.program_id in managed)
    if action == Action.BREAK_GLASS_REVIEW and obj is not None:
        # One emergency access: a privacy officer of its organization.
        same_organization = getattr(obj, "organization_id", None) == getattr(user, "organization_id", None)
        return same_organization and bool(roles & _ROLE_ACTIONS[action])
    if action in (Action.QUALIFICATION_SET, Action.STAFF_MANAGE, Action.GRANTS_MANAGE) and obj is not None:
        # One staff member (or their invitation, or grant): someone of that role in their organization.
        same_organization = getattr(obj, "organization_id", None) == getattr(user, "organization_id", None)
        return same_organization and bool(roles & _ROLE_ACTIONS[action])
    if action == Action.SCHEDULE_MANAGE and obj is not None:
        # A program's schedule: the organization admin, or a manager of that program.
        if not (isinstance(user, User) and getattr(obj, "organization_id", None) == user.organization_id):
            return False
        if Role.ORG_ADMIN in roles:
            return True
        managed = managed_program_ids(user)
        return Role.MANAGER in roles and (None in managed or obj.pk in managed)
    if action == Action.ASSIGNMENTS_MANAGE and obj is not None:
        return isinstance(user, User) and _manages_assignments_of(user, roles, obj)
    if action == Action.PROGRAM_GROUPS and obj is not None:
        return isinstance(user, User) and _runs_groups_of(user, roles, obj)
    return bool(roles & _ROLE_ACTIONS[action])


def _runs_groups_of(user: User, roles: frozenset[str], program: Any) -> bool:
    """A program's groups are for its manager and for the practitioners carrying one of its families."""
    if getattr(program, "organization_id", None) != user.organization_id:
        return False
    managed = managed_program_ids(user)
    if Role.MANAGER in roles and (None in managed or program.pk in managed):
        return True
    return (
        Role.PRACTITIONER in roles
        and CaseloadAssignment.objects.filter(
            current_q(), practitioner=user, family__program_id=program.pk
        ).exists()
    )


def _manages_assignments_of(user: User, roles: frozenset[str], obj: Any) -> bool:
    """A family's or a program's assignments: the organization admin, or a manager of that program."""
    if getattr(obj, "organization_id", None) != user.organization_id:
        return False
    if Role.ORG_ADMIN in roles:
        return True
    program_id = obj.program_id if isinstance(obj, Family) else obj.pk
    managed = managed_program_ids(user)
    return Role.MANAGER in roles and (None in managed or program_id in managed)


_CHECKED = "_nestling_checked"


def mark_checked(family: Family, user: User, *actions: Action) -> None:
    """Note on this loaded family (it lives one request) that the user was allowed these actions."""
    checked = family.__dict__.setdefault(_CHECKED, set())
    checked.update((user.pk, action) for action in actions)


def require(actor: User | AnonymousUser, action: Action | str, obj: Any = None) -> None:
    """Go on only if the actor may do `action` (on `obj`); otherwise raise AccessDenied, which the edge
    (middleware, API) audits once. Services and selectors of clinical data call this with their actor."""
    if can(actor, action, obj):
        return
    family = obj if isinstance(obj, Family) else None
    raise AccessDenied(
        actor=actor,
        action=str(action),
        category="family" if family is not None else "page",
        subject_type=obj._meta.model_name if obj is not None and hasattr(obj, "_meta") else "",
        subject_id=getattr(obj, "uuid", "") if obj is not None else "",
        family_uuid=family.uuid if family is not None else None,
        organization_id=getattr(actor, "organization_id", None),
    )


def _grants(user: User, family: Family | None, at: datetime | None) -> QuerySet[SensitiveGrant]:
    """The user's grants in force at `at` (now): for every family they may see, or for this one."""
    at = at or timezone.now()
    grants = SensitiveGrant.objects.filter(
        user=user, organization_id=user.organization_id, revoked_at__isnull=True
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
    if family is not None:
        return grants.filter(Q(family__isnull=True) | Q(family=family))
    return grants.filter(family__isnull=True)


def can_see_category(
    user: User, category: str, family: Family | None = None, *, at: datetime | None = None
) -> bool:
    """Whether a sensitive category is shown to this user (for one family, or generally)."""
    return _grants(user, family, at).filter(category=category).exists()


def granted_categories(
    user: User, family: Family | None = None, *, at: datetime | None = None
) -> frozenset[str]:
    """Every sensitive category shown to this user (for one family, or generally), in one query."""
    return frozenset(_grants(user, family, at).values_list("category", flat=True).distinct())


def shown_to(record: object, granted: frozenset[str]) -> bool:
    """Whether a record is shown to a reader granted the categories `granted`: it is in no sensitive
    category (its `sensitive_category` is empty), or in one of those."""
    category = getattr(record, "sensitive_category", "")
    return not category or category in granted


def require_category(
    actor: User,
    category: str,
    family: Family,
    *,
    action: str,
    subject_type: str = "",
    subject_id: str | UUID = "",
    explanation: str = "",
    granted: frozenset[str] | None = None,
) -> None:
    """Go on only if `category` is empty or granted to the actor for this family (`granted`, when the
    caller has read the actor's categories already); otherwise AccessDenied, audited under the category.
    A record of a category the actor may not see does not exist for them (a 404), unless `explanation`
    says why they are refused (a 403 that says it, when what is refused is no secret: giving a screen
    whose category needs a grant)."""
    if not category:
        return
    allowed = (category in granted) if granted is not None else can_see_category(actor, category, family)
    if allowed:
        return
    raise AccessDenied(
        actor=actor,
        action=action,
        category=category,
        subject_type=subject_type or "family",
        subject_id=subject_id or family.uuid,
        family_uuid=family.uuid,
        organization_id=family.organization_id,
        explanation=explanation,
    )


def granted_categories_by_family(user: User, family_ids: list[int]) -> dict[int, frozenset[str]]:
    """The sensitive categories shown to this user for each of these families (grants for every family
    and grants for that one), in one query: what `granted_categories` says family by family."""
    at = timezone.now()
    rows = (
        SensitiveGrant.objects.filter(
            user=user, organization_id=user.organization_id, revoked_at__isnull=True
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        .filter(Q(family__isnull=True) | Q(family_id__in=family_ids))
        .values_list("family_id", "category")
    )
    general: set[str] = set()
    own: dict[int, set[str]] = {}
    for family_id, category in rows:
        if family_id is None:
            general.add(category)
        else:
            own.setdefault(family_id, set()).add(category)
    return {pk: frozenset(general | own.get(pk, set())) for pk in family_ids}


def may_read_caseload_of(user: User | AnonymousUser, practitioner: User) -> bool:
    """Whether the user may read a practitioner's caseload as a whole (their worklist, their week): their
    own, or, for a reflective supervisor, a current supervisee's."""
    if not isinstance(user, User) or practitioner.organization_id != user.organization_id:
        return False
    roles = roles_of(user)
    if not roles & {Role.PRACTITIONER, Role.SUPERVISOR} or not practitioner.is_active:
        return False
    if practitioner.pk == user.pk:
        return True
    return (
        Role.SUPERVISOR in roles
        and Supervision.objects.filter(current_q(), supervisor=user, supervisee=practitioner).exists()
    )


def require_caseload_of(actor: User | AnonymousUser, practitioner: User) -> None:
    """Go on only if the actor may read this practitioner's caseload; otherwise AccessDenied (a 404)."""
    if may_read_caseload_of(actor, practitioner):
        return
    raise AccessDenied(
        actor=actor,
        action="caseload.read",
        category="caseload",
        subject_type="user",
        subject_id=practitioner.uuid,
        organization_id=getattr(actor, "organization_id", None),
    )


def staff_of_organization(user: User) -> QuerySet[User]:
    """The active staff of the user's organization (anyone holding a role), by name."""
    return (
        User.objects.filter(
            organization_id=user.organization_id, is_active=True, role_assignments__isnull=False
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
