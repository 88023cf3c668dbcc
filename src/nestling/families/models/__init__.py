"""The family record: the household, its people (caregivers and children), each caregiver–child
relationship, enrollment episodes, consents and risk and protective factors.

Split by sub-domain; import from here.
"""

from nestling.families.models.consent import CONSENT_CATEGORIES, Consent, ConsentKind
from nestling.families.models.enrollment import (
    DischargeReason,
    Enrollment,
    ReferralSource,
    ServiceLevel,
    ServiceLevelChange,
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
    "AssignmentKind",
    "Caregiver",
    "CaseloadAssignment",
    "Child",
    "Consent",
    "ConsentKind",
    "ContactMethod",
    "CustodyKind",
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
    "subject_kind",
    "subject_of",
]
