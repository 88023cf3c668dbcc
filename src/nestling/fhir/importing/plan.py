"""What an import will make: one household, its people, their relationships, measurements and screens.
Read from a FHIR Bundle (`read_bundle`) or a CSV file (`csv_rows`); both produce a `FamilyPlan` with
every problem found while reading it. Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from nestling.fhir.mapping import people as fhir_people
from nestling.fhir.mapping import systems as s
from nestling.fhir.mapping.resources import parse

CHILD_AGE_LIMIT_DAYS = 6 * 366  # a Patient without a tag born later than this is taken for a child
UNITS: dict[str, tuple[str, Decimal]] = {
    "kg": ("kg", Decimal(1)),
    "g": ("kg", Decimal("0.001")),
    "cm": ("cm", Decimal(1)),
    "mm": ("cm", Decimal("0.1")),
}


@dataclass
class PlannedPerson:
    key: str  # the source's id for the person
    role: str  # "caregiver" or "child"
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    due_date: date | None = None  # a child's expected due date; a caregiver's pregnancy due date
    sex: str = "unknown"
    gestation_days: int | None = None
    birth_weight_grams: int | None = None
    phone: str = ""
    email: str = ""
    preferred_language: str = ""


@dataclass
class PlannedRelationship:
    key: str
    caregiver: str
    child: str
    kind: str
    is_primary: bool = False
    legal_custody: str = "unknown"
    since: date | None = None


@dataclass
class PlannedMeasurement:
    key: str
    child: str
    kind: str
    value: Decimal
    measured_on: date
    note: str = ""


@dataclass
class PlannedScreen:
    key: str
    subject: str  # a person's or relationship's key
    definition: str  # "phq-9@1"
    answers: dict[int, Any]  # by item number
    administered_on: date
    total: int | None
    stopped_early: bool = False


@dataclass
class FamilyPlan:
    source: str  # what identifies the source record (the same Bundle twice gives the same source)
    name: str = ""
    reference: str = ""
    people: list[PlannedPerson] = field(default_factory=list)
    relationships: list[PlannedRelationship] = field(default_factory=list)
    measurements: list[PlannedMeasurement] = field(default_factory=list)
    screens: list[PlannedScreen] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ignored: dict[str, int] = field(default_factory=dict)  # resource types not imported, counted

    def person(self, key: str) -> PlannedPerson | None:
        return next((p for p in self.people if p.key == key), None)


def _date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value)[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _extension(resource: dict[str, Any], url: str) -> Any:
    for extension in resource.get("extension", []) or []:
        if extension.get("url") == url:
            for key, value in extension.items():
                if key.startswith("value"):
                    return value
    return None


def _name(resource: dict[str, Any]) -> tuple[str, str]:
    names = resource.get("name") or [{}]
    official = next((n for n in names if n.get("use") == "official"), names[0])
    given = " ".join(official.get("given", []) or [])
    return given, str(official.get("family", "") or "")


def _tag(resource: dict[str, Any]) -> str | None:
    for tag in (resource.get("meta") or {}).get("tag", []) or []:
        if tag.get("system") == s.SUBJECT_KIND:
            return str(tag.get("code"))
    return None


def _ref_id(reference: Any) -> str:
    if not isinstance(reference, dict):
        return ""
    return str(reference.get("reference", "")).rsplit("/", 1)[-1]


def _codes(concept: dict[str, Any] | None) -> list[tuple[str, str]]:
    return [
        (str(c.get("system", "")), str(c.get("code", ""))) for c in (concept or {}).get("coding", []) or []
    ]


def read_bundle(data: Any, *, today: date) -> FamilyPlan:
    """The household a Bundle describes, and every problem with it (an empty list: it can be imported)."""
    plan = FamilyPlan(source="")
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        plan.problems.append("The file is not a FHIR Bundle (its resourceType must be Bundle).")
        return plan
    resources: list[tuple[int, dict[str, Any]]] = []
    for number, entry in enumerate(data.get("entry", []) or [], start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            plan.problems.append(f"Entry {number} has no resource.")
            continue
        try:
            parse(resource)
        except (ValueError, KeyError) as error:
            first = str(error).splitlines()
            plan.problems.append(
                f"Entry {number} ({resource.get('resourceType', '?')}/{resource.get('id', '?')}) "
                "is not valid FHIR R4: " + " ".join(first[:3])
            )
            continue
        if not resource.get("id"):
            plan.problems.append(
                f"Entry {number} ({resource.get('resourceType')}) has no id: give every resource one."
            )
            continue
        resources.append((number, resource))
    identifier = data.get("identifier") or {}
    patient_ids = sorted(
        str(r["id"]) for _n, r in resources if r["resourceType"] in ("Patient", "RelatedPerson")
    )
    plan.source = str(identifier.get("value") or "") or ",".join(patient_ids)

    children_by_reference = {
        _ref_id(r.get("patient")) for _n, r in resources if r["resourceType"] == "RelatedPerson"
    }
    caregiver_patients = {
        _ref_id(_extension(r, f"{s.BASE}/StructureDefinition/caregiver"))
        for _n, r in resources
        if r["resourceType"] == "RelatedPerson"
    }
    for number, r in resources:
        kind = r["resourceType"]
        if kind == "Group":
            plan.name = plan.name or str(r.get("name") or "")
            for ident in r.get("identifier", []) or []:
                if ident.get("system") == s.FAMILY_REFERENCE:
                    plan.reference = str(ident.get("value") or "")
        elif kind == "Patient":
            _read_patient(plan, number, r, today, children_by_reference, caregiver_patients)
    for number, r in resources:
        if r["resourceType"] == "RelatedPerson":
            _read_related_person(plan, number, r)
    for number, r in resources:
        if r["resourceType"] == "Observation":
            _read_observation(plan, number, r)
        elif r["resourceType"] not in ("Group", "Patient", "RelatedPerson"):
            plan.ignored[r["resourceType"]] = plan.ignored.get(r["resourceType"], 0) + 1
    if not any(p.role == "child" for p in plan.people):
        plan.problems.append("The Bundle has no child: a family is imported with at least one child.")
    if not plan.name:
        surnames = [p.family_name for p in plan.people if p.role == "caregiver"] or [
            p.family_name for p in plan.people
        ]
        plan.name = f"{surnames[0]} household" if surnames and surnames[0] else ""
    if not plan.name:
        plan.problems.append("Name the household: a Group with a name, or people with family names.")
    return plan


def _read_patient(
    plan: FamilyPlan,
    number: int,
    r: dict[str, Any],
    today: date,
    children: set[str],
    caregivers: set[str],
) -> None:
    given, family = _name(r)
    born = _date(r.get("birthDate"))
    role = _tag(r)
    if role not in ("child", "caregiver"):
        if r["id"] in children:
            role = "child"
        elif r["id"] in caregivers:
            role = "caregiver"
        else:
            role = "child" if born is not None and (today - born).days < CHILD_AGE_LIMIT_DAYS else "caregiver"
    label = f"Entry {number} (Patient/{r['id']})"
    if not family:
        plan.problems.append(f"{label} has no family name.")
    telecom = {t.get("system"): t.get("value", "") for t in r.get("telecom", []) or []}
    language = ((r.get("communication") or [{}])[0].get("language") or {}).get("text", "")
    person = PlannedPerson(
        key=r["id"],
        role=role,
        given_name=given,
        family_name=family,
        date_of_birth=born,
        phone=str(telecom.get("phone") or ""),
        email=str(telecom.get("email") or ""),
        preferred_language=str(language or ""),
    )
    if role == "child":
        person.sex = s.SEX_OF_GENDER.get(str(r.get("gender") or "unknown"), "unknown")
        person.due_date = _date(_extension(r, fhir_people.DUE_DATE))
        person.gestation_days = _extension(r, fhir_people.GESTATION_AT_BIRTH)
        person.birth_weight_grams = _extension(r, fhir_people.BIRTH_WEIGHT)
        if born is None and person.due_date is None:
            plan.problems.append(
                f"{label}: a child needs a birth date, or an expected due date before birth."
            )
    else:
        person.due_date = _date(_extension(r, fhir_people.PREGNANCY_DUE_DATE))
    plan.people.append(person)


def _read_related_person(plan: FamilyPlan, number: int, r: dict[str, Any]) -> None:
    label = f"Entry {number} (RelatedPerson/{r['id']})"
    child = _ref_id(r.get("patient"))
    child_person = plan.person(child)
    if child_person is None or child_person.role != "child":
        plan.problems.append(f"{label}: its patient must be a child in this Bundle.")
        return
    caregiver = _ref_id(_extension(r, f"{s.BASE}/StructureDefinition/caregiver"))
    if not caregiver or plan.person(caregiver) is None:
        # Another system's RelatedPerson: the caregiver is known only through it.
        given, family = _name(r)
        if not family:
            plan.problems.append(f"{label} has no family name.")
        caregiver = f"caregiver-of-{r['id']}"
        plan.people.append(
            PlannedPerson(
                key=caregiver,
                role="caregiver",
                given_name=given,
                family_name=family,
                date_of_birth=_date(r.get("birthDate")),
            )
        )
    kind = "other"
    for concept in r.get("relationship", []) or []:
        for system, code in _codes(concept):
            if system == s.ROLE_CODE and code in s.KIND_OF_ROLE:
                kind = s.KIND_OF_ROLE[code]
    plan.relationships.append(
        PlannedRelationship(
            key=r["id"],
            caregiver=caregiver,
            child=child,
            kind=kind,
            is_primary=bool(_extension(r, fhir_people.PRIMARY_CAREGIVER)),
            legal_custody=str(_extension(r, fhir_people.LEGAL_CUSTODY) or "unknown"),
            since=_date((r.get("period") or {}).get("start")),
        )
    )


def _read_observation(plan: FamilyPlan, number: int, r: dict[str, Any]) -> None:
    label = f"Entry {number} (Observation/{r['id']})"
    if r.get("status") == "entered-in-error":
        plan.ignored["Observation entered in error"] = plan.ignored.get("Observation entered in error", 0) + 1
        return
    codes = _codes(r.get("code"))
    on = _date(r.get("effectiveDateTime"))
    subject = _ref_id(r.get("subject"))
    growth = next(
        (
            s.KIND_OF_GROWTH_LOINC[c]
            for system, c in codes
            if system == s.LOINC and c in s.KIND_OF_GROWTH_LOINC
        ),
        None,
    )
    instrument = next((c for system, c in codes if system == s.INSTRUMENT), None)
    if on is None:
        plan.problems.append(f"{label} has no effectiveDateTime: say when it was measured or given.")
        return
    if growth is not None:
        person = plan.person(subject)
        if person is None or person.role != "child":
            plan.problems.append(f"{label}: a growth measurement's subject must be a child in this Bundle.")
            return
        quantity = r.get("valueQuantity") or {}
        unit = str(quantity.get("code") or quantity.get("unit") or "")
        if unit not in UNITS or UNITS[unit][0] != ("kg" if growth == "weight" else "cm"):
            plan.problems.append(
                f"{label}: give the value in {'kg or g' if growth == 'weight' else 'cm or mm'} "
                f"(it has {unit or 'no unit'})."
            )
            return
        try:
            value = Decimal(str(quantity.get("value"))) * UNITS[unit][1]
        except InvalidOperation:
            plan.problems.append(f"{label} has no numeric value.")
            return
        note = " ".join(str(n.get("text", "")) for n in r.get("note", []) or []).strip()
        plan.measurements.append(PlannedMeasurement(r["id"], subject, growth, value, on, note))
        return
    if instrument is not None:
        focus = [_ref_id(f) for f in r.get("focus", []) or []]
        who = focus[0] if focus else subject
        if plan.person(who) is None and not any(rel.key == who for rel in plan.relationships):
            plan.problems.append(f"{label}: its subject is not a person or relationship in this Bundle.")
            return
        answers: dict[int, Any] = {}
        for component in r.get("component", []) or []:
            for system, code in _codes(component.get("code")):
                if system == s.INSTRUMENT_ITEM and code.startswith(f"{instrument}/"):
                    item = code.rsplit("/", 1)[-1]
                    if not item.isdigit():
                        continue
                    if "valueInteger" in component:
                        answers[int(item)] = component["valueInteger"]
                    elif "valueString" in component:
                        answers[int(item)] = [
                            int(p) for p in str(component["valueString"]).split(",") if p.strip().isdigit()
                        ]
        if not answers:
            plan.problems.append(
                f"{label}: a screen is imported with its answers (components by item), not a total alone."
            )
            return
        total = r.get("valueInteger")
        plan.screens.append(
            PlannedScreen(
                r["id"],
                who,
                instrument,
                answers,
                on,
                total if isinstance(total, int) else None,
                r.get("status") == "preliminary",
            )
        )
        return
    if any(system == s.LOINC for system, _c in codes):
        plan.problems.append(
            f"{label}: a screening total alone cannot be imported (Nestling scores the answers itself); "
            "send the answers as components, or leave it out."
        )
        return
    plan.ignored["Observation"] = plan.ignored.get("Observation", 0) + 1
