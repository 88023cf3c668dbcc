"""The code systems and identifier systems Nestling's FHIR resources use, in one place.

LOINC and ICD-10 are the published ones. Nestling's own (instrument keys, item numbers, z-scores, the
people's ids) sit under one base URI so that a receiving system can tell them apart from everyone else's.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

LOINC = "http://loinc.org"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_CATEGORY = "http://loinc.org"
ENCOUNTER_CLASS = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"

BASE = "https://nestling.app/fhir"
# A person's, a family's or a record's id in Nestling: its UUID.
RECORD_ID = f"{BASE}/sid/record"
FAMILY_ID = f"{BASE}/sid/family"
FAMILY_REFERENCE = f"{BASE}/sid/family-reference"
# An instrument and version, as Nestling keys it ("phq-9@1"); its items by their printed number.
INSTRUMENT = f"{BASE}/CodeSystem/instrument"
INSTRUMENT_ITEM = f"{BASE}/CodeSystem/instrument-item"
GROWTH_SCORE = f"{BASE}/CodeSystem/growth-score"
SUBJECT_KIND = f"{BASE}/CodeSystem/subject-kind"
CONSENT_KIND = f"{BASE}/CodeSystem/consent-kind"
VISIT_SETTING = f"{BASE}/CodeSystem/visit-setting"
GOAL_SUBJECT_EXTENSION = f"{BASE}/StructureDefinition/goal-relationship"

# Growth: the LOINC vital-sign codes US Core uses for each kind of measurement, and their UCUM units.
GROWTH_LOINC: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "weight": ("29463-7", "Body weight"),
        "length": ("8306-3", "Body height --lying"),
        "height": ("8302-2", "Body height"),
        "head_circumference": ("9843-4", "Head Occipital-frontal circumference"),
    }
)
GROWTH_UNITS: Mapping[str, str] = MappingProxyType(
    {"weight": "kg", "length": "cm", "height": "cm", "head_circumference": "cm"}
)
KIND_OF_GROWTH_LOINC: Mapping[str, str] = MappingProxyType(
    {code: kind for kind, (code, _) in GROWTH_LOINC.items()}
)

# HL7 v3 RoleCode for a caregiver's relationship to the child.
RELATIONSHIP_ROLE: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "biological_mother": ("NMTH", "natural mother"),
        "biological_father": ("NFTH", "natural father"),
        "foster": ("FSTPRN", "foster parent"),
        "adoptive": ("ADOPTP", "adoptive parent"),
        "kinship": ("FAMMEMB", "family member"),
        "step_parent": ("STPPRN", "step parent"),
        "other": ("PRN", "parent"),
    }
)
KIND_OF_ROLE: Mapping[str, str] = MappingProxyType(
    {code: kind for kind, (code, _) in RELATIONSHIP_ROLE.items()}
)

# FHIR's administrative gender for Nestling's recorded sex.
GENDER: Mapping[str, str] = MappingProxyType(
    {"female": "female", "male": "male", "intersex": "other", "unknown": "unknown"}
)
SEX_OF_GENDER: Mapping[str, str] = MappingProxyType(
    {"female": "female", "male": "male", "other": "intersex", "unknown": "unknown"}
)


def record_identifier(uuid: object) -> dict[str, str]:
    return {"system": RECORD_ID, "value": str(uuid)}


# A referral's need (its domain) and Nestling's own status, beside FHIR's coarser request status.
REFERRAL_DOMAIN = f"{BASE}/CodeSystem/referral-domain"
REFERRAL_STATUS = f"{BASE}/StructureDefinition/referral-status"
SERVICE_KIND = f"{BASE}/CodeSystem/service-kind"
