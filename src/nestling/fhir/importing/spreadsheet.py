"""A CSV of families and children, for a program moving from spreadsheets: one row per child, rows of the
same household (its name and reference) make one family. The columns, in any order (a header row names
them; only household_name, child_family_name and one of child_date_of_birth / child_due_date are needed):

    household_name, reference,
    caregiver_given_name, caregiver_family_name, caregiver_date_of_birth, caregiver_phone, caregiver_email,
    relationship (biological_mother, biological_father, foster, adoptive, kinship, step_parent, other),
    child_given_name, child_family_name, child_date_of_birth, child_due_date, child_sex (female, male,
    intersex, unknown)

Dates are YYYY-MM-DD. Pure: no database."""

from __future__ import annotations

import csv
import io
from datetime import date

from nestling.fhir.importing.plan import FamilyPlan, PlannedPerson, PlannedRelationship

COLUMNS = (
    "household_name",
    "reference",
    "caregiver_given_name",
    "caregiver_family_name",
    "caregiver_date_of_birth",
    "caregiver_phone",
    "caregiver_email",
    "relationship",
    "child_given_name",
    "child_family_name",
    "child_date_of_birth",
    "child_due_date",
    "child_sex",
)
KINDS = ("biological_mother", "biological_father", "foster", "adoptive", "kinship", "step_parent", "other")
SEXES = ("female", "male", "intersex", "unknown")


def _date(row: dict[str, str], name: str, line: int, problems: list[str]) -> date | None:
    value = (row.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"Line {line}: {name} must be a date as YYYY-MM-DD (it is {value!r}).")
        return None


def csv_plans(content: str) -> tuple[list[FamilyPlan], list[str]]:
    """The households of a CSV file, and every problem with the file (line by line)."""
    problems: list[str] = []
    reader = csv.DictReader(io.StringIO(content))
    header = [h.strip() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        problems.append(f"Unknown column(s): {', '.join(unknown)}. The columns are: {', '.join(COLUMNS)}.")
    for needed in ("household_name", "child_family_name"):
        if needed not in header:
            problems.append(f"The file needs a {needed} column.")
    if problems:
        return [], problems
    plans: dict[tuple[str, str], FamilyPlan] = {}
    for line, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        name, reference = row.get("household_name", ""), row.get("reference", "")
        if not name:
            problems.append(f"Line {line}: household_name is empty.")
            continue
        plan = plans.setdefault(
            (name, reference), FamilyPlan(source=f"csv:{name}:{reference}", name=name, reference=reference)
        )
        born = _date(row, "child_date_of_birth", line, problems)
        due = _date(row, "child_due_date", line, problems)
        if born is None and due is None:
            problems.append(f"Line {line}: give the child's date of birth, or the due date before birth.")
        sex = row.get("child_sex") or "unknown"
        if sex not in SEXES:
            problems.append(f"Line {line}: child_sex must be one of {', '.join(SEXES)}.")
        if not row.get("child_family_name"):
            problems.append(f"Line {line}: child_family_name is empty.")
        child_key = f"child:{line}"
        plan.people.append(
            PlannedPerson(
                child_key,
                "child",
                row.get("child_given_name", ""),
                row.get("child_family_name", ""),
                born,
                due,
                sex,
            )
        )
        if row.get("caregiver_family_name") or row.get("caregiver_given_name"):
            given, surname = row.get("caregiver_given_name", ""), row.get("caregiver_family_name", "")
            key = f"caregiver:{given}:{surname}".casefold()
            if plan.person(key) is None:
                plan.people.append(
                    PlannedPerson(
                        key,
                        "caregiver",
                        row.get("caregiver_given_name", ""),
                        row.get("caregiver_family_name", ""),
                        _date(row, "caregiver_date_of_birth", line, problems),
                        phone=row.get("caregiver_phone", ""),
                        email=row.get("caregiver_email", ""),
                    )
                )
            kind = row.get("relationship") or "other"
            if kind not in KINDS:
                problems.append(f"Line {line}: relationship must be one of {', '.join(KINDS)}.")
            plan.relationships.append(PlannedRelationship(f"relationship:{line}", key, child_key, kind))
    return list(plans.values()), problems
