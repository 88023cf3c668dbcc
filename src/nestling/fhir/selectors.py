"""What of a family's record goes out over FHIR, read for the actor: the families they may see, the
records in them, and nothing of a sensitive category they hold no grant for.

Every selector takes the actor and asks `access.policy` (the same rule as the pages); a family the actor
may not see raises AccessDenied (a 404). The records of any number of families are read in a fixed
number of queries. A disclosure outside the program (the family's own copy) keeps substance use
information out unless a 42 CFR Part 2 consent is in force as well as the reader's grant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.access.policy import (
    Action,
    granted_categories_by_family,
    mark_checked,
    require,
    shown_to,
    visible_families,
)
from nestling.accounts.models import User
from nestling.audit.categories import SensitiveCategory
from nestling.families.models import Caregiver, Child, Consent, ConsentKind, Family, Relationship, Subject
from nestling.fhir.mapping.care import condition_id
from nestling.formulation.models import AxisOneDiagnosis
from nestling.growth.models import Measurement
from nestling.growth.selectors import measurement_rows
from nestling.plans.models import CarePlan, Goal
from nestling.referrals.models import Referral
from nestling.screening.models import ScreeningResult
from nestling.visits.models import Visit


@dataclass(frozen=True)
class GrowthPoint:
    measurement: Measurement
    z: float | None
    centile: float | None


@dataclass
class FamilyRecord:
    """One family's record as far as the reader may see it."""

    family: Family
    caregivers: list[Caregiver] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    growth: list[GrowthPoint] = field(default_factory=list)
    results: list[ScreeningResult] = field(default_factory=list)
    diagnoses: list[AxisOneDiagnosis] = field(default_factory=list)
    plans: list[CarePlan] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    # Sensitive categories shown, and those left out (counted, never named to the receiver).
    shown: set[str] = field(default_factory=set)
    left_out: int = 0
    part2: bool = False  # substance use information under a Part 2 consent is in it

    @property
    def people(self) -> list[Caregiver | Child]:
        return [*self.caregivers, *self.children]


def fhir_family(*, actor: User, family_uuid: UUID, action: Action = Action.FAMILY_VIEW) -> Family:
    """The family with this id if the actor may do `action` on it; AccessDenied (a 404) otherwise."""
    family = (
        visible_families(actor).filter(uuid=family_uuid).select_related("organization", "program").first()
    )
    if family is None:
        raise AccessDenied(
            actor=actor,
            action=str(action),
            category="family",
            subject_type="family",
            subject_id=family_uuid,
            organization_id=actor.organization_id,
        )
    require(actor, action, family)
    return family


def fhir_families(*, actor: User) -> list[Family]:
    """Every family the actor may see, in a stable order (one query)."""
    families = list(visible_families(actor).select_related("organization", "program").order_by("pk"))
    for family in families:
        mark_checked(family, actor, Action.FAMILY_VIEW)  # read through visibility: no second look
    return families


def family_of_record(*, actor: User, record_uuid: UUID) -> Family:
    """The family a person, relationship or record with this id belongs to, if the actor may see it."""
    family_id = (
        Subject.objects.filter(uuid=record_uuid).values_list("family_id", flat=True).first()
        or _family_id_of(record_uuid)
        or _family_id_of_condition(actor, record_uuid)
    )
    family = (
        visible_families(actor).filter(pk=family_id).select_related("organization", "program").first()
        if family_id
        else None
    )
    if family is None:
        raise AccessDenied(
            actor=actor,
            action=str(Action.FAMILY_VIEW),
            category="family",
            subject_type="record",
            subject_id=record_uuid,
            organization_id=actor.organization_id,
        )
    mark_checked(family, actor, Action.FAMILY_VIEW)
    return family


def _family_id_of(record_uuid: UUID) -> int | None:
    """The family of a person or record by its id: each kind asked in turn, the first found answers."""
    lookups: list[QuerySet[Any, Any]] = [
        Family.objects.filter(uuid=record_uuid).values_list("pk", flat=True),
        Caregiver.objects.filter(uuid=record_uuid).values_list("family_id", flat=True),
        Child.objects.filter(uuid=record_uuid).values_list("family_id", flat=True),
        Relationship.objects.filter(uuid=record_uuid).values_list("family_id", flat=True),
        Measurement.objects.filter(uuid=record_uuid).values_list("child__family_id", flat=True),
        ScreeningResult.objects.filter(uuid=record_uuid).values_list("family_id", flat=True),
        CarePlan.objects.filter(uuid=record_uuid).values_list("family_id", flat=True),
        Goal.objects.filter(uuid=record_uuid).values_list("family_id", flat=True),
        Visit.objects.filter(uuid=record_uuid).values_list("family_id", flat=True),
        Consent.objects.filter(uuid=record_uuid).values_list("family_id", flat=True),
        Referral.objects.filter(uuid=record_uuid).values_list("family_id", flat=True),
    ]
    for lookup in lookups:
        found = lookup.first()
        if found is not None:
            return int(found)
    return None


def _family_id_of_condition(actor: User, condition_uuid: UUID) -> int | None:
    """A Condition's id is drawn from its formulation and diagnosis (it keeps it across versions), so it is
    found among the diagnoses of the families the actor may see (one query)."""
    rows = AxisOneDiagnosis.objects.filter(
        version__formulation__family__in=visible_families(actor),
        version__number=F("version__formulation__latest_number"),
    ).values_list("version__formulation__uuid", "key", "version__formulation__family_id")
    wanted = str(condition_uuid)
    return next(
        (family for formulation, key, family in rows if condition_id(formulation, key) == wanted), None
    )


def _part2_in_force(consents: Sequence[Consent], on: date) -> bool:
    return any(
        c.kind == ConsentKind.PART2
        and c.given_on <= on
        and (c.expires_on is None or c.expires_on >= on)
        and (c.revoked_on is None or c.revoked_on > on)
        for c in consents
    )


def family_records(
    *, actor: User, families: Sequence[Family], disclosure: bool = False
) -> dict[int, FamilyRecord]:
    """The records of these families (each already checked visible to the actor), by family pk, with
    what the actor's grants hide left out; a fixed number of queries however many families."""
    for family in families:
        require(actor, Action.FAMILY_VIEW, family)
    ids = [f.pk for f in families]
    records = {f.pk: FamilyRecord(family=f) for f in families}
    if not ids:
        return records
    granted = granted_categories_by_family(actor, ids)
    today = timezone.localdate()

    for consent in (
        Consent.objects.filter(family_id__in=ids).select_related("given_by").order_by("given_on", "pk")
    ):
        records[consent.family_id].consents.append(consent)
    allowed: dict[int, frozenset[str]] = {}
    for pk, record in records.items():
        categories = granted[pk]
        if disclosure and not _part2_in_force(record.consents, today):
            categories = categories - {SensitiveCategory.SUBSTANCE_USE}
        allowed[pk] = categories
        record.part2 = disclosure and SensitiveCategory.SUBSTANCE_USE in categories

    def keep(record: FamilyRecord, row: object) -> bool:
        if shown_to(row, allowed[record.family.pk]):
            category = getattr(row, "sensitive_category", "")
            if category:
                record.shown.add(category)
            return True
        record.left_out += 1
        return False

    for record in records.values():
        record.consents = [c for c in record.consents if keep(record, c)]
    for caregiver in Caregiver.objects.filter(family_id__in=ids).order_by("pk"):
        records[caregiver.family_id].caregivers.append(caregiver)
    for child in Child.objects.filter(family_id__in=ids).order_by("pk"):
        records[child.family_id].children.append(child)
    for relationship in (
        Relationship.objects.filter(family_id__in=ids).select_related("caregiver", "child").order_by("pk")
    ):
        records[relationship.family_id].relationships.append(relationship)
    _read_growth(records)
    results = ScreeningResult.objects.filter(family_id__in=ids).select_related(
        "subject__caregiver",
        "subject__child",
        "subject__relationship__child",
        "subject__relationship__caregiver",
    )
    for result in results.order_by("administered_on", "pk"):
        record = records[result.family_id]
        if keep(record, result):
            record.results.append(result)
    diagnoses = (
        AxisOneDiagnosis.objects.filter(
            version__formulation__family_id__in=ids, version__number=F("version__formulation__latest_number")
        )
        .select_related("version__formulation__child")
        .order_by("pk")
    )
    for diagnosis in diagnoses:
        records[diagnosis.version.formulation.family_id].diagnoses.append(diagnosis)
    for plan in CarePlan.objects.filter(family_id__in=ids).order_by("started_on", "pk"):
        records[plan.family_id].plans.append(plan)
    goals = Goal.objects.filter(family_id__in=ids).select_related(
        "subject__caregiver",
        "subject__child",
        "subject__relationship__child",
        "subject__relationship__caregiver",
    )
    for goal in goals.order_by("plan_id", "position", "pk"):
        records[goal.family_id].goals.append(goal)
    visits = Visit.objects.filter(family_id__in=ids).prefetch_related(
        Prefetch("present", queryset=Subject.objects.order_by("uuid"))
    )
    for visit in visits.order_by("visit_on", "starts_at", "pk"):
        records[visit.family_id].visits.append(visit)
    referrals = Referral.objects.filter(family_id__in=ids).select_related(
        "service",
        "from_result",
        "created_by",
        "subject__caregiver",
        "subject__child",
        "subject__relationship__caregiver",
        "subject__relationship__child",
    )
    for referral in referrals.order_by("referred_on", "pk"):
        record = records[referral.family_id]
        if keep(record, referral):
            record.referrals.append(referral)
    return records


def _read_growth(records: dict[int, FamilyRecord]) -> None:
    children = {c.pk: c for r in records.values() for c in r.children}
    by_child: dict[int, list[Measurement]] = {}
    rows = (
        Measurement.objects.latest_only()
        .filter(child_id__in=list(children))
        .order_by("measured_on", "created_at", "pk")
    )
    for measurement in rows:
        by_child.setdefault(measurement.child_id, []).append(measurement)
    for record in records.values():
        reference = record.family.organization.growth_reference
        for child in record.children:
            measurements = by_child.get(child.pk, [])
            if not measurements or child.date_of_birth is None:
                continue
            for measurement in measurements:
                measurement.child = child  # already read: no query per row
            for row in measurement_rows(child=child, measurements=measurements, reference=reference):
                record.growth.append(GrowthPoint(row.measurement, row.z, row.centile))
