"""The family record: the household, its people (caregivers and children), each caregiver–child
relationship, enrollment episodes, consents and risk and protective factors.

Split by sub-domain; import from here.
"""

from nestling.families.models.consent import CONSENT_CATEGORIES, Consent, ConsentKind
from nestling.families.models.enrollment import (
    DISCHARGE_SUMMARY_MAX,
    DischargeItem,
    DischargeReason,
    Enrollment,
    ReferralSource,
    ServiceLevel,
    ServiceLevelChange,
    is_discharged,
)
from nestling.families.models.household import (
    AssignmentKind,
    CaseloadAssignment,
    ContactMethod,
    Family,
    HouseholdMembership,
)
from nestling.families.models.people import (
    Caregiver,
    Child,
    CustodyKind,
    ObservationKind,
    Relationship,
    RelationshipKind,
    RelationshipObservation,
    Sex,
)
from nestling.families.models.risk import FactorKind, FactorSource, FactorStatus, RiskFactor, RiskGroup
from nestling.families.models.subject import Person, Subject, SubjectKind, subject_kind, subject_of

__all__ = [
    "CONSENT_CATEGORIES",
    "DISCHARGE_SUMMARY_MAX",
    "AssignmentKind",
    "Caregiver",
    "CaseloadAssignment",
    "Child",
    "Consent",
    "ConsentKind",
    "ContactMethod",
    "CustodyKind",
    "DischargeItem",
    "DischargeReason",
    "Enrollment",
    "FactorKind",
    "FactorSource",
    "FactorStatus",
    "Family",
    "HouseholdMembership",
    "ObservationKind",
    "Person",
    "ReferralSource",
    "Relationship",
    "RelationshipKind",
    "RelationshipObservation",
    "RiskFactor",
    "RiskGroup",
    "ServiceLevel",
    "ServiceLevelChange",
    "Sex",
    "Subject",
    "SubjectKind",
    "is_discharged",
    "subject_kind",
    "subject_of",
]
