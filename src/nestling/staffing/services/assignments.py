"""Who carries which family: a program manager (for their programs) or the organization admin assigns a
primary or secondary practitioner, ends an assignment, and moves a whole caseload when someone leaves.

The family's open tasks follow its practitioner: those assigned to the one who no longer carries the
family go to the one who now does, through the write path (each change versioned and audited)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can, current_q, require, roles_of
from nestling.accounts.models import Role, User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import AssignmentKind, CaseloadAssignment, Family
from nestling.records.errors import RecordInvalid
from nestling.records.writes import record_update
from nestling.tasks.models import Task

MIN_MOVE_REASON = 10


def _practitioner_errors(
    practitioner: User | None, *, organization_id: int, field: str
) -> dict[str, list[str]]:
    if practitioner is None or practitioner.organization_id != organization_id:
        return {field: [_("Choose a practitioner of your organization.")]}
    if not practitioner.is_active:
        return {field: [_("%(name)s is deactivated and cannot carry families.") % {"name": practitioner}]}
    if Role.PRACTITIONER not in roles_of(practitioner):
        return {field: [_("%(name)s has no practitioner role.") % {"name": practitioner}]}
    return {}


def _end(assignment: CaseloadAssignment, today: date) -> None:
    """End an assignment as of today. One begun today never took effect, so it goes; an earlier one keeps
    its history and ends yesterday (an assignment counts through its end date)."""
    if assignment.starts_on >= today:
        assignment.delete()
    else:
        assignment.ends_on = today - timedelta(days=1)
        assignment.save(update_fields=["ends_on"])


def _move_tasks(*, family: Family, from_user: User, to_user: User, by: User) -> int:
    """Hand the family's open tasks assigned to `from_user` to `to_user`; how many moved."""
    moved = 0
    for task in Task.objects.open().filter(family=family, assignee=from_user):
        record_update(
            task,
            by=by,
            version=task.version,
            changes={"assignee": to_user},
            allowed=frozenset({"assignee"}),
            family=family,
            detail={"why": "caseload moved"},
        )
        moved += 1
    return moved


def _audit_assignment(
    *,
    by: User,
    family: Family,
    kind: str,
    before: User | None,
    after: User | None,
    reason: str = "",
    **detail: object,
) -> None:
    audit_record(
        actor=by,
        action=AuditAction.CHANGE,
        category="caseload",
        organization_id=family.organization_id,
        subject_type="family",
        subject_id=family.uuid,
        family_uuid=family.uuid,
        reason=reason,
        detail={
            "kind": kind,
            "before": str(before.uuid) if before else None,
            "after": str(after.uuid) if after else None,
            **detail,
        },
    )


def family_assign(
    *, by: User, family: Family, practitioner: User | None, kind: str, reason: str = ""
) -> CaseloadAssignment | None:
    """Make `practitioner` the family's primary or secondary practitioner from today.

    A family has one primary: assigning a new one ends the previous primary's assignment and hands them
    the family's open tasks. Someone already on the family in the other kind changes kind. Nothing
    changes when they already hold this kind (None is returned)."""
    require(by, Action.ASSIGNMENTS_MANAGE, family)
    errors = _practitioner_errors(practitioner, organization_id=family.organization_id, field="practitioner")
    if kind not in AssignmentKind.values:
        errors["kind"] = [_("Choose primary or secondary.")]
    if errors:
        raise RecordInvalid(errors)
    assert practitioner is not None
    today = timezone.localdate()
    with transaction.atomic():
        current = list(
            CaseloadAssignment.objects.select_for_update()
            .filter(current_q(), family=family)
            .select_related("practitioner")
        )
        if any(a.practitioner_id == practitioner.pk and a.kind == kind for a in current):
            return None
        previous_primary = next((a.practitioner for a in current if a.kind == AssignmentKind.PRIMARY), None)
        for assignment in current:
            same_person = assignment.practitioner_id == practitioner.pk
            replaced_primary = kind == AssignmentKind.PRIMARY and assignment.kind == AssignmentKind.PRIMARY
            if same_person or replaced_primary:
                _end(assignment, today)
        created = CaseloadAssignment.objects.create(
            organization_id=family.organization_id,
            family=family,
            practitioner=practitioner,
            kind=kind,
            starts_on=today,
        )
        moved = 0
        if (
            kind == AssignmentKind.PRIMARY
            and previous_primary is not None
            and previous_primary != practitioner
        ):
            moved = _move_tasks(family=family, from_user=previous_primary, to_user=practitioner, by=by)
        _audit_assignment(
            by=by,
            family=family,
            kind=kind,
            before=previous_primary if kind == AssignmentKind.PRIMARY else None,
            after=practitioner,
            reason=reason,
            tasks_moved=moved,
        )
    return created


def assignment_end(*, by: User, assignment: CaseloadAssignment, reason: str = "") -> None:
    """Take a practitioner off a family from today (the family's tasks stay where they are)."""
    family = assignment.family
    require(by, Action.ASSIGNMENTS_MANAGE, family)
    with transaction.atomic():
        _end(assignment, timezone.localdate())
        _audit_assignment(
            by=by,
            family=family,
            kind=assignment.kind,
            before=assignment.practitioner,
            after=None,
            reason=reason,
        )


@dataclass(frozen=True)
class CaseloadMoved:
    families: int
    tasks: int


def caseload_move(
    *, by: User, from_user: User, to_user: User | None, reason: str, family_uuids: Iterable[str] | None = None
) -> CaseloadMoved:
    """Move every family `from_user` carries (or those named) to `to_user`, each in the same kind, with
    their open tasks, in one transaction. The reason goes into each family's audit row.

    A manager limited to programs moves only their programs' families; the rest stay (and are listed)."""
    require(by, Action.ASSIGNMENTS_MANAGE)
    errors = _practitioner_errors(to_user, organization_id=by.organization_id, field="to_user")
    if to_user is not None and to_user.pk == from_user.pk:
        errors["to_user"] = [_("Choose someone other than the person the families are moving from.")]
    if len(reason.strip()) < MIN_MOVE_REASON:
        errors["reason"] = [
            _("Say why the caseload moves (at least %(n)d characters), for the record.")
            % {"n": MIN_MOVE_REASON}
        ]
    if from_user.organization_id != by.organization_id:
        errors[""] = [_("Choose a practitioner of your organization.")]
    if errors:
        raise RecordInvalid(errors)
    assert to_user is not None
    wanted = {str(u) for u in family_uuids} if family_uuids is not None else None
    today = timezone.localdate()
    families = tasks = 0
    with transaction.atomic():
        assignments = list(
            CaseloadAssignment.objects.select_for_update()
            .filter(current_q(), practitioner=from_user)
            .select_related("family")
            .order_by("pk")
        )
        for assignment in assignments:
            family = assignment.family
            if wanted is not None and str(family.uuid) not in wanted:
                continue
            if not can(by, Action.ASSIGNMENTS_MANAGE, family):
                continue
            others = list(CaseloadAssignment.objects.filter(current_q(), family=family, practitioner=to_user))
            # Someone already on the family keeps the stronger of the two kinds (primary over secondary).
            kinds = {other.kind for other in others}
            kind = (
                AssignmentKind.PRIMARY
                if AssignmentKind.PRIMARY in {*kinds, assignment.kind}
                else assignment.kind
            )
            _end(assignment, today)
            if kind not in kinds:
                for other in others:
                    _end(other, today)
                CaseloadAssignment.objects.create(
                    organization_id=family.organization_id,
                    family=family,
                    practitioner=to_user,
                    kind=kind,
                    starts_on=today,
                )
            moved = _move_tasks(family=family, from_user=from_user, to_user=to_user, by=by)
            _audit_assignment(
                by=by,
                family=family,
                kind=kind,
                before=from_user,
                after=to_user,
                reason=reason.strip(),
                tasks_moved=moved,
                caseload_move=True,
            )
            families += 1
            tasks += moved
        if wanted is not None and families == 0:
            raise RecordInvalid({"": [_("None of the chosen families is on this caseload any more.")]})
    return CaseloadMoved(families=families, tasks=tasks)
