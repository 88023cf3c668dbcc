"""Data quality: the families of a scope missing what the measures need, by practitioner, each gap with
the page that fixes it. A fixed number of queries whatever the number of families; audited as a read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import current_q
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import AssignmentKind, CaseloadAssignment, Child, Enrollment
from nestling.reports.scope import Scope, scope_families
from nestling.visits.models import Visit

# A birth is overdue for recording this long after the due date (a pregnancy runs to 42 weeks).
BIRTH_OVERDUE_DAYS = 14
# A visit held this long ago without a signed note, or still marked scheduled, is a gap.
VISIT_GRACE_DAYS = 2


@dataclass(frozen=True)
class Gap:
    code: str
    label: str
    url: str


@dataclass
class FamilyGaps:
    uuid: object
    name: str
    gaps: list[Gap] = field(default_factory=list)


@dataclass(frozen=True)
class PractitionerGaps:
    name: str
    families: tuple[FamilyGaps, ...]

    @property
    def gap_count(self) -> int:
        return sum(len(f.gaps) for f in self.families)


def data_quality_rows(scope: Scope, *, today: date | None = None) -> list[PractitionerGaps]:
    """Families missing an enrollment date, a birth without its gestation, a birth not recorded past its
    due date, visits left unsigned or never marked held, grouped by the family's primary practitioner."""
    today = today or timezone.localdate()
    families = {
        pk: FamilyGaps(uuid, name)
        for pk, uuid, name in scope_families(scope).order_by("name", "pk").values_list("pk", "uuid", "name")
    }
    ids = list(families)
    enrolled = set(
        Enrollment.objects.filter(family_id__in=ids, program_id=scope.program.pk)
        .order_by()
        .values_list("family_id", flat=True)
    )
    for pk in ids:
        if pk not in enrolled:
            family = families[pk]
            family.gaps.append(
                Gap("no_enrollment", _("No enrollment date"), reverse("enrollment_add", args=[family.uuid]))
            )
    overdue = today - timedelta(days=BIRTH_OVERDUE_DAYS)
    children = (
        Child.objects.filter(family_id__in=ids)
        .filter(
            Q(date_of_birth__isnull=False, gestation_weeks__isnull=True)
            | Q(date_of_birth__isnull=True, due_date__lt=overdue)
        )
        .order_by()
        .values_list("family_id", "uuid", "date_of_birth")
    )
    for family_id, child_uuid, born in children:
        family = families[family_id]
        url = reverse("birth_record", args=[family.uuid, child_uuid])
        if born is None:
            family.gaps.append(Gap("birth_not_recorded", _("Due date passed, birth not recorded"), url))
        else:
            family.gaps.append(Gap("no_gestation", _("A birth without its gestation"), url))
    held_before = today - timedelta(days=VISIT_GRACE_DAYS)
    visits = (
        Visit.objects.filter(family_id__in=ids, visit_on__lte=held_before)
        .filter(
            Q(status="completed") & (Q(note__isnull=True) | ~Q(note__status="signed"))
            | Q(status="scheduled", rescheduled_to__isnull=True)
        )
        .order_by("visit_on")
        .values_list("family_id", "uuid", "status", "visit_on")
    )
    for family_id, visit_uuid, status, on in visits:
        family = families[family_id]
        url = reverse("visit_detail", args=[family.uuid, visit_uuid])
        if status == "completed":
            label = _("Visit on %(day)s held, note not signed") % {"day": on.isoformat()}
            family.gaps.append(Gap("note_unsigned", label, url))
        else:
            label = _("Visit on %(day)s not marked held, missed or cancelled") % {"day": on.isoformat()}
            family.gaps.append(Gap("visit_unmarked", label, url))
    carriers = (
        CaseloadAssignment.objects.filter(current_q(), family_id__in=ids, kind=AssignmentKind.PRIMARY)
        .select_related("practitioner")
        .order_by("pk")
    )
    practitioner_of: dict[int, str] = {}
    for assignment in carriers:
        practitioner_of.setdefault(assignment.family_id, assignment.practitioner.display_name)
    grouped: dict[str, list[FamilyGaps]] = defaultdict(list)
    for pk, family in families.items():
        if family.gaps:
            grouped[practitioner_of.get(pk, _("No practitioner assigned"))].append(family)
    report = [PractitionerGaps(name, tuple(found)) for name, found in sorted(grouped.items())]
    audit_record(
        actor=scope.actor,
        action=AuditAction.READ,
        category="report",
        organization_id=scope.actor.organization_id,
        subject_type="data_quality",
        subject_id=str(scope.program.uuid),
        detail={"scope": scope.kind, "families": len(ids), "with_gaps": sum(len(p.families) for p in report)},
    )
    return report
