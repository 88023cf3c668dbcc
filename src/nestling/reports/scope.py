"""Whose families a report counts: a manager's program, a supervisor's team (the current supervisees'
caseloads), a practitioner's own caseload. Access is decided here, in the selector layer, never in a view.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, current_q, managed_program_ids, require, roles_of
from nestling.accounts.models import Role, Supervision, User
from nestling.families.models import CaseloadAssignment, Family
from nestling.organizations.models import Program

PROGRAM, TEAM, CASELOAD = "program", "team", "caseload"
SCOPE_LABELS = {PROGRAM: _("The whole program"), TEAM: _("My team"), CASELOAD: _("My caseload")}
SCOPE_ACTIONS = {PROGRAM: Action.PROGRAM_VIEW, TEAM: Action.TEAM_VIEW, CASELOAD: Action.CASELOAD_VIEW}


@dataclass(frozen=True)
class Scope:
    kind: str
    program: Program
    actor: User

    @property
    def label(self) -> str:
        return str(SCOPE_LABELS[self.kind])


def scopes_for(actor: User) -> list[str]:
    """The scopes this user may report on, widest first."""
    roles = roles_of(actor)
    kinds = []
    if Role.MANAGER in roles:
        kinds.append(PROGRAM)
    if Role.SUPERVISOR in roles:
        kinds.append(TEAM)
    if roles & {Role.PRACTITIONER, Role.SUPERVISOR}:
        kinds.append(CASELOAD)
    return kinds


def programs_for(actor: User, *, kind: str = PROGRAM) -> QuerySet[Program]:
    """The programs a user may report on in a scope: for the program scope, a manager's own (every one
    when not limited to some); for a team or a caseload, the organization's (their families are counted
    in whichever program they are enrolled)."""
    programs = Program.objects.filter(organization_id=actor.organization_id).order_by("name", "pk")
    if kind == PROGRAM:
        managed = managed_program_ids(actor)
        if None not in managed:
            programs = programs.filter(pk__in=[p for p in managed if p is not None])
    return programs


def report_scope(actor: User, *, kind: str, program: Program) -> Scope:
    """The scope if the actor may report on it; otherwise AccessDenied (a 404 at the edge)."""
    if kind not in SCOPE_ACTIONS or program.organization_id != actor.organization_id:
        raise AccessDenied(
            actor=actor, action="report.view", category="report", organization_id=actor.organization_id
        )
    require(actor, SCOPE_ACTIONS[kind])
    if kind == PROGRAM:
        managed = managed_program_ids(actor)
        if None not in managed and program.pk not in managed:
            raise AccessDenied(
                actor=actor, action="report.view", category="report", organization_id=actor.organization_id
            )
    return Scope(kind, program, actor)


def scope_families(scope: Scope) -> QuerySet[Family]:
    """The families the scope counts (the program's only), as a queryset to use as a subquery."""
    actor = scope.actor
    families = Family.objects.filter(organization_id=actor.organization_id, program_id=scope.program.pk)
    if scope.kind == PROGRAM:
        return families
    if scope.kind == TEAM:
        supervisees = Supervision.objects.filter(current_q(), supervisor=actor).values("supervisee_id")
        carried = CaseloadAssignment.objects.filter(current_q(), practitioner__in=supervisees)
    else:
        carried = CaseloadAssignment.objects.filter(current_q(), practitioner=actor)
    return families.filter(pk__in=carried.values("family_id"))
