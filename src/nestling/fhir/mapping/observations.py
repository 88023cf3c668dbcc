"""Measurements and screening results as FHIR Observations; a result's answers also as a
QuestionnaireResponse.

A growth Observation carries the LOINC vital-sign code, the value in UCUM units, and the z-score and
centile on the organization's reference as components. A screening Observation carries the instrument's
total (its LOINC code where one exists, and always Nestling's instrument key) and each answer as a
component, by the item's printed number: the importer scores the answers again rather than trusting a
total, so a result is always the key's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from nestling.fhir.mapping import systems as s
from nestling.fhir.mapping.resources import Resource, build
from nestling.screening.scoring.definition import Definition

INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"


def growth_observation(
    *,
    uuid: UUID,
    kind: str,
    value: Decimal,
    measured_on: str,
    child_uuid: UUID,
    z: float | None,
    centile: float | None,
    reference: str,
    note: str = "",
) -> Resource:
    code, display = s.GROWTH_LOINC[kind]
    unit = s.GROWTH_UNITS[kind]
    components = []
    if z is not None:
        components.append(
            {
                "code": {
                    "coding": [
                        {"system": s.GROWTH_SCORE, "code": f"{kind}-z", "display": f"{display} z-score"}
                    ],
                    "text": f"z-score ({reference})",
                },
                "valueQuantity": {"value": round(z, 2), "unit": "z-score", "system": s.UCUM, "code": "1"},
            }
        )
    if centile is not None:
        components.append(
            {
                "code": {
                    "coding": [
                        {"system": s.GROWTH_SCORE, "code": f"{kind}-centile", "display": f"{display} centile"}
                    ],
                    "text": f"centile ({reference})",
                },
                "valueQuantity": {"value": round(centile, 1), "unit": "%", "system": s.UCUM, "code": "%"},
            }
        )
    return build(
        "Observation",
        {
            "id": str(uuid),
            "identifier": [s.record_identifier(uuid)],
            "status": "final",
            "category": [{"coding": [{"system": s.OBSERVATION_CATEGORY, "code": "vital-signs"}]}],
            "code": {"coding": [{"system": s.LOINC, "code": code, "display": display}], "text": display},
            "subject": {"reference": f"Patient/{child_uuid}"},
            "effectiveDateTime": measured_on,
            "valueQuantity": {"value": float(value), "unit": unit, "system": s.UCUM, "code": unit},
            "component": components,
            "note": [{"text": note}] if note else [],
        },
    )


def _subject_references(subject_kind: str, person_uuid: UUID, child_uuid: UUID | None) -> dict[str, Any]:
    """A relationship's screen is about the child with that caregiver: the child is the subject, the
    relationship (the RelatedPerson) its focus."""
    if subject_kind == "relationship" and child_uuid is not None:
        return {
            "subject": {"reference": f"Patient/{child_uuid}"},
            "focus": [{"reference": f"RelatedPerson/{person_uuid}"}],
        }
    return {"subject": {"reference": f"Patient/{person_uuid}"}}


def answer_code(definition: Definition, number: int) -> dict[str, Any]:
    return {"system": s.INSTRUMENT_ITEM, "code": f"{definition.key}/{number}"}


def screening_observation(
    *,
    uuid: UUID,
    definition: Definition,
    subject_kind: str,
    person_uuid: UUID,
    child_uuid: UUID | None,
    administered_on: str,
    answers: Sequence[Any],
    total: int | None,
    band: str,
    positive: bool | None,
    entered_in_error: bool,
) -> Resource:
    coding = [{"system": s.INSTRUMENT, "code": definition.key, "display": definition.title}]
    total_loinc = (definition.loinc or {}).get("total")
    if total_loinc:
        coding.insert(0, {"system": s.LOINC, "code": total_loinc})
    components = []
    for item, answer in zip(definition.items, answers, strict=False):
        if answer is None:
            continue
        code = answer_code(definition, item.number)
        item_coding = [code] + ([{"system": s.LOINC, "code": item.loinc}] if item.loinc else [])
        value: dict[str, Any] = (
            {"valueString": ",".join(str(a) for a in answer)}
            if isinstance(answer, list | tuple)
            else {"valueInteger": int(answer)}
        )
        components.append(
            {"code": {"coding": item_coding, "text": f"{definition.title} {item.number}"}, **value}
        )
    interpretation = []
    if positive is not None:
        interpretation.append(
            {
                "coding": [{"system": INTERPRETATION, "code": "POS" if positive else "NEG"}],
                "text": band or None,
            }
        )
    status = "entered-in-error" if entered_in_error else "final" if total is not None else "preliminary"
    return build(
        "Observation",
        {
            "id": str(uuid),
            "identifier": [s.record_identifier(uuid)],
            "status": status,
            "category": [{"coding": [{"system": s.OBSERVATION_CATEGORY, "code": "survey"}]}],
            "code": {"coding": coding, "text": definition.title},
            **_subject_references(subject_kind, person_uuid, child_uuid),
            "effectiveDateTime": administered_on,
            "valueInteger": total,
            "dataAbsentReason": {"coding": [{"system": DATA_ABSENT, "code": "not-performed"}]}
            if total is None
            else None,
            "interpretation": interpretation,
            "component": components,
            "derivedFrom": [{"reference": f"QuestionnaireResponse/{uuid}"}],
        },
    )


def questionnaire_url(definition: Definition) -> str:
    return f"{s.BASE}/Questionnaire/{definition.key}"


def questionnaire_response(
    *,
    uuid: UUID,
    definition: Definition,
    subject_kind: str,
    person_uuid: UUID,
    child_uuid: UUID | None,
    administered_on: str,
    answers: Sequence[Any],
    complete: bool,
    entered_in_error: bool,
) -> Resource:
    """The answers, item by item. An instrument whose wording may not ship is given by item number
    alone: no question text and no option label leave Nestling."""
    shipped = definition.wording == "shipped"
    items = []
    for item, answer in zip(definition.items, answers, strict=False):
        if answer is None:
            continue
        positions = list(answer) if isinstance(answer, list | tuple) else [answer]
        values = []
        for position in positions:
            option = item.options[int(position)]
            values.append(
                {
                    "valueCoding": {
                        "system": f"{s.INSTRUMENT_ITEM}/{definition.key}/{item.number}",
                        "code": str(position),
                        "display": option.label if shipped and option.label else None,
                    }
                }
            )
        items.append(
            {
                "linkId": item.id,
                "text": item.text if shipped and item.text else str(item.number),
                "answer": values,
            }
        )
    status = "entered-in-error" if entered_in_error else "completed" if complete else "stopped"
    subject = _subject_references(subject_kind, person_uuid, child_uuid)
    return build(
        "QuestionnaireResponse",
        {
            "id": str(uuid),
            "identifier": s.record_identifier(uuid),
            "questionnaire": questionnaire_url(definition),
            "status": status,
            "subject": subject["subject"],
            "authored": administered_on,
            "item": items,
        },
    )


def questionnaire(definition: Definition) -> Resource | None:
    """The instrument as a Questionnaire, only when its licence lets the wording ship (None otherwise)."""
    if definition.wording != "shipped":
        return None
    items = []
    for item in definition.items:
        items.append(
            {
                "linkId": item.id,
                "prefix": str(item.number),
                "text": item.text or str(item.number),
                "code": [{"system": s.LOINC, "code": item.loinc}] if item.loinc else [],
                "type": "choice",
                "repeats": item.select == "multiple",
                "required": not item.optional,
                "answerOption": [
                    {
                        "valueCoding": {
                            "system": f"{s.INSTRUMENT_ITEM}/{definition.key}/{item.number}",
                            "code": str(position),
                            "display": option.label,
                        }
                    }
                    for position, option in enumerate(item.options)
                ],
            }
        )
    panel = (definition.loinc or {}).get("panel")
    notice = definition.licence.notice or definition.licence.terms
    return build(
        "Questionnaire",
        {
            "id": definition.key.replace("@", "-v"),
            "url": questionnaire_url(definition),
            "version": str(definition.version),
            "name": definition.id.replace("-", "_").upper(),
            "title": definition.title,
            "status": "active",
            "code": [{"system": s.LOINC, "code": panel}] if panel else [],
            "copyright": notice,
            "description": definition.preamble,
            "item": items,
        },
    )
