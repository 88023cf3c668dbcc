"""The care record as FHIR: Axis I diagnoses as Conditions (ICD-10), the care plan and its goals,
visits as Encounters, and consents. The household is the subject of what is the family's as a whole
(a care plan, a visit): the Group `people.household_group` makes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from nestling.fhir.mapping import systems as s
from nestling.fhir.mapping.resources import Resource, build

GOAL_STATUS = {"active": "active", "met": "completed", "changed": "cancelled", "stopped": "cancelled"}
GOAL_ACHIEVEMENT = {"met": "achieved", "stopped": "not-achieved"}
VISIT_STATUS = {
    "scheduled": "planned",
    "completed": "finished",
    "missed": "cancelled",
    "cancelled": "cancelled",
}
VISIT_CLASS = {"home": "HH", "video": "VR", "phone": "VR", "clinic": "AMB"}


def condition_id(formulation_uuid: UUID, key: str) -> str:
    """A diagnosis keeps its id from version to version of the formulation."""
    return str(uuid5(NAMESPACE_URL, f"{s.BASE}/Condition/{formulation_uuid}/{key}"))


def condition(
    *,
    formulation_uuid: UUID,
    key: str,
    name: str,
    icd10: str,
    certainty: str,
    made_on: date,
    child_uuid: UUID,
) -> Resource:
    coding = [{"system": s.ICD10, "code": icd10}] if icd10 else []
    identifier = condition_id(formulation_uuid, key)
    return build(
        "Condition",
        {
            "id": identifier,
            "identifier": [s.record_identifier(identifier)],
            "clinicalStatus": {"coding": [{"system": s.CONDITION_CLINICAL, "code": "active"}]},
            "verificationStatus": {
                "coding": [
                    {
                        "system": s.CONDITION_VERIFICATION,
                        "code": "confirmed" if certainty == "confirmed" else "provisional",
                    }
                ]
            },
            "category": [
                {
                    "coding": [{"system": s.CONDITION_CATEGORY, "code": "encounter-diagnosis"}],
                    "text": "DC:0-5 Axis I",
                }
            ],
            "code": {"coding": coding, "text": name},
            "subject": {"reference": f"Patient/{child_uuid}"},
            "recordedDate": made_on.isoformat(),
        },
    )


def care_plan(
    *,
    uuid: UUID,
    family_uuid: UUID,
    started_on: date,
    review_on: date,
    closed_on: date | None,
    summary: str,
    goal_uuids: list[UUID],
) -> Resource:
    return build(
        "CarePlan",
        {
            "id": str(uuid),
            "identifier": [s.record_identifier(uuid)],
            "status": "completed" if closed_on else "active",
            "intent": "plan",
            "title": "Care plan",
            "description": summary,
            "subject": {"reference": f"Group/{family_uuid}"},
            "period": {"start": started_on.isoformat(), "end": closed_on.isoformat() if closed_on else None},
            "goal": [{"reference": f"Goal/{g}"} for g in goal_uuids],
            "note": [{"text": f"Review by {review_on.isoformat()}"}],
        },
    )


def goal(
    *,
    uuid: UUID,
    statement: str,
    progress_looks_like: str,
    status: str,
    review_on: date,
    subject_kind: str,
    person_uuid: UUID,
    child_uuid: UUID | None,
) -> Resource:
    """A goal for one of the three patients. FHIR's Goal has no relationship subject: a relationship's
    goal is the child's, with the relationship (its RelatedPerson) named in an extension."""
    extension = []
    subject = f"Patient/{person_uuid}"
    if subject_kind == "relationship" and child_uuid is not None:
        subject = f"Patient/{child_uuid}"
        extension.append(
            {"url": s.GOAL_SUBJECT_EXTENSION, "valueReference": {"reference": f"RelatedPerson/{person_uuid}"}}
        )
    achievement = GOAL_ACHIEVEMENT.get(status)
    return build(
        "Goal",
        {
            "id": str(uuid),
            "identifier": [s.record_identifier(uuid)],
            "extension": extension,
            "lifecycleStatus": GOAL_STATUS.get(status, "active"),
            "achievementStatus": {
                "coding": [
                    {"code": achievement, "system": "http://terminology.hl7.org/CodeSystem/goal-achievement"}
                ]
            }
            if achievement
            else None,
            "category": [{"coding": [{"system": s.SUBJECT_KIND, "code": subject_kind}]}],
            "description": {"text": statement},
            "subject": {"reference": subject},
            "target": [{"measure": {"text": progress_looks_like}, "dueDate": review_on.isoformat()}],
        },
    )


def encounter(
    *,
    uuid: UUID,
    family_uuid: UUID,
    status: str,
    setting: str,
    setting_label: str,
    starts: datetime,
    duration_minutes: int,
    present: list[tuple[str, UUID]],
) -> Resource:
    """A visit: when, where and how long, and who of the family was there. Its note stays out (a signed
    note is the practitioner's record, shared by a letter, not by a feed)."""
    # FHIR lets a RelatedPerson take part in an encounter, not a Patient: the caregivers and children
    # present are named in an extension.
    participants: list[dict[str, Any]] = [
        {"individual": {"reference": f"RelatedPerson/{person_uuid}"}}
        for kind, person_uuid in present
        if kind == "relationship"
    ]
    return build(
        "Encounter",
        {
            "id": str(uuid),
            "identifier": [s.record_identifier(uuid)],
            "status": VISIT_STATUS.get(status, "unknown"),
            "class": {
                "system": s.ENCOUNTER_CLASS,
                "code": VISIT_CLASS.get(setting, "FLD"),
            },
            "type": [{"coding": [{"system": s.VISIT_SETTING, "code": setting}], "text": setting_label}],
            "subject": {"reference": f"Group/{family_uuid}"},
            "participant": participants,
            "period": {"start": starts.isoformat()},
            "length": {"value": duration_minutes, "unit": "min", "system": s.UCUM, "code": "min"},
            "extension": [
                {
                    "url": f"{s.BASE}/StructureDefinition/present",
                    "valueReference": {"reference": f"Patient/{p}"},
                }
                for kind, p in present
                if kind != "relationship"
            ],
        },
    )


def consent(
    *,
    uuid: UUID,
    kind: str,
    kind_label: str,
    given_on: date,
    expires_on: date | None,
    revoked_on: date | None,
    given_by_uuid: UUID | None,
    given_by_other: str,
    recipient: str,
    purpose: str,
    child_uuids: list[UUID],
    part2: bool,
) -> Resource:
    today_revoked = revoked_on is not None
    ends = revoked_on or expires_on
    patient = given_by_uuid or (child_uuids[0] if child_uuids else None)
    return build(
        "Consent",
        {
            "id": str(uuid),
            "identifier": [s.record_identifier(uuid)],
            "meta": {"security": [{"system": s.ACT_CODE, "code": "42CFRPart2"}]} if part2 else None,
            "status": "inactive" if today_revoked else "active",
            "scope": {
                "coding": [
                    {
                        "system": s.CONSENT_SCOPE,
                        "code": "treatment"
                        if kind == "services"
                        else "research"
                        if kind == "research"
                        else "patient-privacy",
                    }
                ]
            },
            "category": [{"coding": [{"system": s.CONSENT_KIND, "code": kind}], "text": kind_label}],
            "patient": {"reference": f"Patient/{patient}"} if patient else None,
            "dateTime": given_on.isoformat(),
            "performer": [{"reference": f"Patient/{given_by_uuid}"}]
            if given_by_uuid
            else [{"display": given_by_other}]
            if given_by_other
            else [],
            "policyRule": {"text": purpose or kind_label},
            "provision": {
                "period": {
                    "start": given_on.isoformat(),
                    "end": ends.isoformat() if ends else None,
                },
                "actor": [
                    {
                        "role": {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                    "code": "IRCP",
                                }
                            ]
                        },
                        "reference": {"display": recipient},
                    }
                ]
                if recipient
                else [],
            },
        },
    )
