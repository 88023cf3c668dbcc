"""The family's people as FHIR: each child and each caregiver a Patient (both are patients of IMH work),
each caregiver–child relationship a RelatedPerson of the child, and the household a Group of them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from nestling.families.models import Caregiver, Child, Family, Relationship
from nestling.fhir.mapping import systems as s
from nestling.fhir.mapping.resources import Resource, build

DUE_DATE = f"{s.BASE}/StructureDefinition/expected-due-date"
PREGNANCY_DUE_DATE = f"{s.BASE}/StructureDefinition/pregnancy-due-date"
GESTATION_AT_BIRTH = f"{s.BASE}/StructureDefinition/gestation-at-birth-days"
BIRTH_WEIGHT = f"{s.BASE}/StructureDefinition/birth-weight-grams"
PRIMARY_CAREGIVER = f"{s.BASE}/StructureDefinition/primary-caregiver"
LEGAL_CUSTODY = f"{s.BASE}/StructureDefinition/legal-custody"


def _date_extension(url: str, value: date | None) -> dict[str, Any] | None:
    return {"url": url, "valueDate": value.isoformat()} if value is not None else None


def _name(given: str, family: str) -> dict[str, Any]:
    return {"use": "official", "family": family, "given": [given] if given else []}


def child_patient(child: Child) -> Resource:
    gestation = None
    if child.gestation_weeks is not None:
        gestation = child.gestation_weeks * 7 + (child.gestation_days or 0)
    extensions = [
        _date_extension(DUE_DATE, child.due_date),
        {"url": GESTATION_AT_BIRTH, "valueInteger": gestation} if gestation is not None else None,
        {"url": BIRTH_WEIGHT, "valueInteger": child.birth_weight_grams}
        if child.birth_weight_grams is not None
        else None,
    ]
    return build(
        "Patient",
        {
            "id": str(child.uuid),
            "meta": {"tag": [{"system": s.SUBJECT_KIND, "code": "child"}]},
            "identifier": [s.record_identifier(child.uuid)],
            "name": [_name(child.given_name, child.family_name)],
            "gender": s.GENDER.get(child.sex, "unknown"),
            "birthDate": child.date_of_birth.isoformat() if child.date_of_birth else None,
            "extension": [e for e in extensions if e is not None],
        },
    )


def caregiver_patient(caregiver: Caregiver) -> Resource:
    telecom = [
        {"system": "phone", "value": caregiver.phone} if caregiver.phone else None,
        {"system": "email", "value": caregiver.email} if caregiver.email else None,
    ]
    return build(
        "Patient",
        {
            "id": str(caregiver.uuid),
            "meta": {"tag": [{"system": s.SUBJECT_KIND, "code": "caregiver"}]},
            "identifier": [s.record_identifier(caregiver.uuid)],
            "name": [_name(caregiver.given_name, caregiver.family_name)],
            "birthDate": caregiver.date_of_birth.isoformat() if caregiver.date_of_birth else None,
            "telecom": [t for t in telecom if t is not None],
            "communication": [{"language": {"text": caregiver.preferred_language}}]
            if caregiver.preferred_language
            else [],
            "extension": [
                e for e in [_date_extension(PREGNANCY_DUE_DATE, caregiver.pregnancy_due_date)] if e
            ],
        },
    )


def relationship_person(relationship: Relationship, caregiver: Caregiver) -> Resource:
    """The caregiver as the child's RelatedPerson: the relationship, the third patient, by its own id."""
    code, display = s.RELATIONSHIP_ROLE.get(relationship.kind, s.RELATIONSHIP_ROLE["other"])
    return build(
        "RelatedPerson",
        {
            "id": str(relationship.uuid),
            "meta": {"tag": [{"system": s.SUBJECT_KIND, "code": "relationship"}]},
            "identifier": [s.record_identifier(relationship.uuid)],
            "active": True,
            "patient": {"reference": f"Patient/{relationship.child.uuid}"},
            "relationship": [
                {
                    "coding": [{"system": s.ROLE_CODE, "code": code, "display": display}],
                    "text": relationship.get_kind_display(),
                }
            ],
            "name": [_name(caregiver.given_name, caregiver.family_name)],
            "birthDate": caregiver.date_of_birth.isoformat() if caregiver.date_of_birth else None,
            "period": {"start": relationship.since.isoformat()} if relationship.since else None,
            # The same person as a patient of their own (their own screens are about that Patient).
            "extension": [
                {
                    "url": f"{s.BASE}/StructureDefinition/caregiver",
                    "valueReference": {"reference": f"Patient/{caregiver.uuid}"},
                },
                {"url": PRIMARY_CAREGIVER, "valueBoolean": relationship.is_primary},
                {"url": LEGAL_CUSTODY, "valueCode": relationship.legal_custody},
            ],
        },
    )


def household_group(family: Family, members: Sequence[Caregiver | Child]) -> Resource:
    """The household: its name and reference, and who is in it (the importer makes one family of it)."""
    return build(
        "Group",
        {
            "id": str(family.uuid),
            "identifier": [
                {"system": s.FAMILY_ID, "value": str(family.uuid)},
                {"system": s.FAMILY_REFERENCE, "value": family.reference} if family.reference else None,
            ],
            "type": "person",
            "actual": True,
            "name": family.name,
            "quantity": len(members),
            "member": [{"entity": {"reference": f"Patient/{m.uuid}"}} for m in members],
        },
    )
