"""A family's record (as `selectors.family_records` read it) turned into FHIR resources, and resources
into Bundles and OperationOutcomes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from django.utils import timezone

from nestling.families.models import ConsentKind, Subject
from nestling.fhir.mapping import care, observations, people, referrals
from nestling.fhir.mapping import systems as s
from nestling.fhir.mapping.resources import Resource, as_json, build
from nestling.fhir.selectors import FamilyRecord
from nestling.screening.scoring.library import UnknownInstrument, default_library


def _subject_parts(subject: Subject) -> tuple[str, UUID, UUID | None]:
    """The subject's kind, its id, and for a relationship the child's id."""
    if subject.kind == "relationship" and subject.relationship is not None:
        return subject.kind, subject.uuid, subject.relationship.child.uuid
    return subject.kind, subject.uuid, None


def family_resources(record: FamilyRecord) -> list[Resource]:
    """Every resource of the family's record the reader may see, people first."""
    family = record.family
    caregivers = {c.pk: c for c in record.caregivers}
    out: list[Resource] = [people.household_group(family, record.people)]
    out += [people.caregiver_patient(c) for c in record.caregivers]
    out += [people.child_patient(c) for c in record.children]
    out += [
        people.relationship_person(r, caregivers.get(r.caregiver_id, r.caregiver))
        for r in record.relationships
    ]
    reference = family.organization.growth_reference
    for point in record.growth:
        m = point.measurement
        out.append(
            observations.growth_observation(
                uuid=m.uuid,
                kind=m.kind,
                value=m.value,
                measured_on=m.measured_on.isoformat(),
                child_uuid=m.child.uuid,
                z=point.z,
                centile=point.centile,
                reference=reference,
                note=m.note,
            )
        )
    library = default_library()
    for result in record.results:
        try:
            definition = library.get(result.definition)
        except UnknownInstrument:
            continue
        kind, person_uuid, child_uuid = _subject_parts(result.subject)
        common: dict[str, Any] = {
            "uuid": result.uuid,
            "definition": definition,
            "subject_kind": kind,
            "person_uuid": person_uuid,
            "child_uuid": child_uuid,
            "administered_on": result.administered_on.isoformat(),
            "answers": result.answers,
            "entered_in_error": result.is_entered_in_error,
        }
        out.append(
            observations.screening_observation(
                **common, total=result.total, band=result.band, positive=result.positive
            )
        )
        out.append(observations.questionnaire_response(**common, complete=result.is_complete))
    for diagnosis in record.diagnoses:
        formulation = diagnosis.version.formulation
        out.append(
            care.condition(
                formulation_uuid=formulation.uuid,
                key=diagnosis.key,
                name=diagnosis.name,
                icd10=diagnosis.icd10,
                certainty=diagnosis.certainty,
                made_on=diagnosis.made_on,
                child_uuid=formulation.child.uuid,
            )
        )
    for plan in record.plans:
        out.append(
            care.care_plan(
                uuid=plan.uuid,
                family_uuid=family.uuid,
                started_on=plan.started_on,
                review_on=plan.review_on,
                closed_on=plan.closed_on,
                summary=plan.summary,
                goal_uuids=[g.uuid for g in record.goals if g.plan_id == plan.pk],
            )
        )
    for goal in record.goals:
        kind, person_uuid, child_uuid = _subject_parts(goal.subject)
        out.append(
            care.goal(
                uuid=goal.uuid,
                statement=goal.statement,
                progress_looks_like=goal.progress_looks_like,
                status=goal.status,
                review_on=goal.review_on,
                subject_kind=kind,
                person_uuid=person_uuid,
                child_uuid=child_uuid,
            )
        )
    for visit in record.visits:
        out.append(
            care.encounter(
                uuid=visit.uuid,
                family_uuid=family.uuid,
                status=visit.status,
                setting=visit.setting,
                setting_label=str(visit.get_setting_display()),
                starts=timezone.make_aware(datetime.combine(visit.visit_on, visit.starts_at)),
                duration_minutes=visit.duration_minutes,
                present=[(subject.kind, subject.uuid) for subject in visit.present.all()],
            )
        )
    for referral in record.referrals:
        kind, person_uuid, child_uuid = _subject_parts(referral.subject)
        out.append(
            referrals.service_request(
                uuid=referral.uuid,
                status=referral.status,
                status_label=str(referral.get_status_display()),
                closed_on=referral.closed_on,
                closing_note=referral.closing_note,
                subject_kind=kind,
                person_uuid=person_uuid,
                child_uuid=child_uuid,
                requester=referral.created_by.display_name if referral.created_by else "",
                service_name=referral.service_label,
                service_kind=referral.service_kind,
                service_kind_label=str(referral.get_service_kind_display()),
                domain=referral.domain,
                domain_label=str(referral.get_domain_display()),
                reason=referral.reason,
                urgency=referral.urgency,
                referred_on=referral.referred_on,
                expected_by=referral.expected_by,
                from_result_uuid=referral.from_result.uuid if referral.from_result else None,
            )
        )
    children = [c.uuid for c in record.children]
    for consent in record.consents:
        out.append(
            care.consent(
                uuid=consent.uuid,
                kind=consent.kind,
                kind_label=str(consent.get_kind_display()),
                given_on=consent.given_on,
                expires_on=consent.expires_on,
                revoked_on=consent.revoked_on,
                given_by_uuid=consent.given_by.uuid if consent.given_by else None,
                given_by_other=consent.given_by_other,
                recipient=consent.recipient,
                purpose=consent.purpose,
                child_uuids=children,
                part2=consent.kind == ConsentKind.PART2,
            )
        )
    return out


def resource_type(resource: Resource) -> str:
    return str(resource.get_resource_type())


def _entry(resource: Resource, base: str, mode: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "fullUrl": f"{base}/{resource_type(resource)}/{resource.id}",  # type: ignore[attr-defined]
        "resource": as_json(resource),
    }
    if mode:
        entry["search"] = {"mode": mode}
    return entry


def document_bundle(resources: Sequence[Resource], *, base: str, part2: bool = False) -> dict[str, Any]:
    """The family's record as a collection Bundle (a family's own copy, `$everything`). With Part 2
    information in it, the Bundle is labelled so (HL7's 42CFRPart2 security label)."""
    security = [{"system": s.ACT_CODE, "code": "42CFRPart2"}] if part2 else []
    bundle = build(
        "Bundle",
        {
            "id": str(uuid4()),
            "meta": {"security": [{"system": s.CONFIDENTIALITY, "code": "R"}, *security]},
            "type": "collection",
            "timestamp": timezone.now().isoformat(),
            "entry": [_entry(r, base) for r in resources],
        },
    )
    return as_json(bundle)


def searchset_bundle(
    resources: Sequence[Resource], *, base: str, total: int, self_url: str, next_url: str | None
) -> dict[str, Any]:
    links = [{"relation": "self", "url": self_url}]
    if next_url:
        links.append({"relation": "next", "url": next_url})
    bundle = build(
        "Bundle",
        {
            "id": str(uuid4()),
            "type": "searchset",
            "total": total,
            "link": links,
            "entry": [_entry(r, base, "match") for r in resources],
        },
    )
    return as_json(bundle)


def operation_outcome(code: str, text: str, *, severity: str = "error") -> dict[str, Any]:
    return as_json(
        build("OperationOutcome", {"issue": [{"severity": severity, "code": code, "diagnostics": text}]})
    )


def problems_outcome(problems: Sequence[str], *, severity: str = "error") -> dict[str, Any]:
    """Every problem at once, one issue each."""
    issues = [{"severity": severity, "code": "invalid", "diagnostics": p} for p in problems]
    if not issues:
        issues = [{"severity": "information", "code": "informational", "diagnostics": "ok"}]
    return as_json(build("OperationOutcome", {"issue": issues}))
