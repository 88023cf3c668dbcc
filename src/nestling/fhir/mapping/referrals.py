"""A referral as a ServiceRequest: an order (intent `order`) for one of the three patients, made by a
practitioner to a service of the local directory (or one named on the referral), for a need, as soon as
its urgency asks, prompted perhaps by a screen (its Observation). Pure mapping: the values come in.

FHIR's request status is coarser than a referral's: sent, received and appointment set are all `active`;
an ending other than first contact made (declined, could not reach, the family declined, closed at a
discharge) is `revoked`. Nestling's own status goes in an extension, so nothing is lost.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from nestling.fhir.mapping import systems as s
from nestling.fhir.mapping.resources import Resource, build

REQUEST_STATUS = {
    "draft": "draft",
    "sent": "active",
    "received": "active",
    "appointment_set": "active",
    "completed": "completed",
    "declined_by_service": "revoked",
    "could_not_reach": "revoked",
    "family_declined": "revoked",
}
# FHIR's request priority: routine, urgent, asap, stat.
PRIORITY = {"routine": "routine", "soon": "urgent", "urgent": "asap"}


def request_status(status: str, *, closed: bool) -> str:
    """The FHIR status of a referral in this status (closed or not)."""
    mapped = REQUEST_STATUS.get(status, "unknown")
    if closed and mapped in ("draft", "active"):
        return "revoked"  # closed as it stood (at a discharge): it will not go on
    return mapped


def service_request(
    *,
    uuid: UUID,
    status: str,
    status_label: str,
    closed_on: date | None,
    closing_note: str,
    subject_kind: str,
    person_uuid: UUID,
    child_uuid: UUID | None,
    requester: str,
    service_name: str,
    service_kind: str,
    service_kind_label: str,
    domain: str,
    domain_label: str,
    reason: str,
    urgency: str,
    referred_on: date,
    expected_by: date,
    from_result_uuid: UUID | None,
) -> Resource:
    # A relationship's referral is about the child with that caregiver: the child is the subject, the
    # relationship (its RelatedPerson) named in an extension, as for a Goal.
    subject = f"Patient/{person_uuid}"
    extension = [
        {
            "url": s.REFERRAL_STATUS,
            "valueCoding": {"system": s.REFERRAL_STATUS, "code": status, "display": status_label},
        }
    ]
    if subject_kind == "relationship" and child_uuid is not None:
        subject = f"Patient/{child_uuid}"
        extension.append(
            {"url": s.GOAL_SUBJECT_EXTENSION, "valueReference": {"reference": f"RelatedPerson/{person_uuid}"}}
        )
    return build(
        "ServiceRequest",
        {
            "id": str(uuid),
            "identifier": [s.record_identifier(uuid)],
            "extension": extension,
            "status": request_status(status, closed=closed_on is not None),
            "intent": "order",
            "category": [
                {
                    "coding": [{"system": s.SERVICE_KIND, "code": service_kind}],
                    "text": service_kind_label,
                }
            ],
            "priority": PRIORITY.get(urgency, "routine"),
            "code": {"text": service_kind_label},
            "subject": {"reference": subject},
            "occurrencePeriod": {"start": referred_on.isoformat(), "end": expected_by.isoformat()},
            "authoredOn": referred_on.isoformat(),
            "requester": {"type": "Practitioner", "display": requester} if requester else None,
            "performer": [{"type": "HealthcareService", "display": service_name}],
            "reasonCode": [
                {
                    "coding": [{"system": s.REFERRAL_DOMAIN, "code": domain, "display": domain_label}],
                    "text": reason,
                }
            ],
            "reasonReference": [{"reference": f"Observation/{from_result_uuid}"}] if from_result_uuid else [],
            "note": [{"text": closing_note}] if closing_note else [],
        },
    )
