"""FHIR search parameters, read and applied to resources as FHIR JSON. Pure: no Django, no database.

Each resource type takes the parameters it lists in SEARCH_PARAMS; any other is refused by name (a
client misspelling `patient` must not get every record back). Dates take FHIR's prefixes (eq, ge, le,
gt, lt) and may be repeated to make a range.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

COMMON = ("_id", "identifier", "_count", "_offset")
SEARCH_PARAMS: Mapping[str, tuple[str, ...]] = {
    "Patient": (*COMMON, "birthdate"),
    "RelatedPerson": (*COMMON, "patient"),
    "Observation": (*COMMON, "patient", "subject", "code", "date", "category"),
    "QuestionnaireResponse": (*COMMON, "patient", "subject", "authored", "questionnaire"),
    "Condition": (*COMMON, "patient", "subject", "code", "recorded-date"),
    "CarePlan": (*COMMON, "patient", "subject", "date"),
    "Goal": (*COMMON, "patient", "subject"),
    "Encounter": (*COMMON, "patient", "subject", "date"),
    "Consent": (*COMMON, "patient", "date"),
    "ServiceRequest": (*COMMON, "patient", "subject", "authored", "status"),
    "Questionnaire": ("_id", "url", "_count", "_offset"),
}
# Which element of each type a date parameter reads.
DATE_PATHS: Mapping[tuple[str, str], str] = {
    ("Patient", "birthdate"): "birthDate",
    ("Observation", "date"): "effectiveDateTime",
    ("QuestionnaireResponse", "authored"): "authored",
    ("Condition", "recorded-date"): "recordedDate",
    ("CarePlan", "date"): "period.start",
    ("Encounter", "date"): "period.start",
    ("Consent", "date"): "dateTime",
    ("ServiceRequest", "authored"): "authoredOn",
}
DEFAULT_COUNT = 50
MAX_COUNT = 200
_DATE = re.compile(r"^(eq|ge|le|gt|lt)?(\d{4}-\d{2}-\d{2})$")
_UUID = re.compile(r"^[0-9a-fA-F-]{36}$")


class SearchError(ValueError):
    """A search the server cannot answer: the message names the parameter."""


@dataclass(frozen=True)
class Query:
    resource_type: str
    params: Mapping[str, tuple[str, ...]]
    count: int
    offset: int

    def first(self, name: str) -> str | None:
        values = self.params.get(name, ())
        return values[0] if values else None


def read_query(resource_type: str, params: Mapping[str, Sequence[str]]) -> Query:
    """The search asked for, or SearchError naming every parameter it cannot take."""
    allowed = SEARCH_PARAMS.get(resource_type)
    if allowed is None:
        raise SearchError(f"{resource_type} is not a resource type this server searches.")
    unknown = sorted(name for name in params if name not in allowed and not name.startswith("_format"))
    if unknown:
        raise SearchError(
            f"Unknown search parameter(s) for {resource_type}: {', '.join(unknown)}. "
            f"This server takes: {', '.join(allowed)}."
        )
    count = _integer(params, "_count", DEFAULT_COUNT, low=1, high=MAX_COUNT)
    offset = _integer(params, "_offset", 0, low=0, high=10**7)
    kept = {
        name: tuple(values) for name, values in params.items() if name not in ("_count", "_offset", "_format")
    }
    for (rtype, name), _path in DATE_PATHS.items():
        if rtype == resource_type:
            for value in kept.get(name, ()):
                if not _DATE.match(value):
                    raise SearchError(
                        f"{name} must be a date (YYYY-MM-DD), with eq, ge, le, gt or lt before it."
                    )
    return Query(resource_type, kept, count, offset)


def _integer(params: Mapping[str, Sequence[str]], name: str, default: int, *, low: int, high: int) -> int:
    values = params.get(name)
    if not values:
        return default
    try:
        number = int(values[0])
    except ValueError:
        raise SearchError(f"{name} must be a whole number.") from None
    if not low <= number <= high:
        raise SearchError(f"{name} must be from {low} to {high}.")
    return number


def referenced_id(value: str) -> str | None:
    """The id in `Patient/<id>`, `Group/<id>`, `RelatedPerson/<id>` or a bare id, when it is a UUID."""
    tail = value.rsplit("/", 1)[-1]
    return tail if _UUID.match(tail) else None


def identifier_value(value: str) -> str:
    """`system|value` or `value`: the value."""
    return value.split("|", 1)[1] if "|" in value else value


def _path(resource: Mapping[str, Any], path: str) -> Any:
    value: Any = resource
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _references(resource: Mapping[str, Any]) -> set[str]:
    found: set[str] = set()
    for key in ("subject", "patient"):
        ref = resource.get(key)
        if isinstance(ref, Mapping) and "reference" in ref:
            found.add(str(ref["reference"]).rsplit("/", 1)[-1])
    for ref in resource.get("focus", []) or []:
        found.add(str(ref.get("reference", "")).rsplit("/", 1)[-1])
    return found


def _codes(concepts: Iterable[Mapping[str, Any]]) -> set[tuple[str, str]]:
    return {
        (str(c.get("system", "")), str(c.get("code", "")))
        for concept in concepts
        for c in concept.get("coding", []) or []
    }


def _code_matches(wanted: str, codes: set[tuple[str, str]]) -> bool:
    alternatives = wanted.split(",")
    for alternative in alternatives:
        system, _, code = alternative.rpartition("|")
        if any(c == code and (not system or s == system) for s, c in codes):
            return True
    return False


def _date_matches(wanted: str, value: Any) -> bool:
    if not isinstance(value, str) or len(value) < 10:
        return False
    match = _DATE.match(wanted)
    assert match is not None  # read_query checked it
    prefix, on = match.group(1) or "eq", date.fromisoformat(match.group(2))
    day = date.fromisoformat(value[:10])
    return {
        "eq": day == on,
        "ge": day >= on,
        "le": day <= on,
        "gt": day > on,
        "lt": day < on,
    }[prefix]


def matches(query: Query, resource: Mapping[str, Any]) -> bool:
    """Whether a resource (FHIR JSON) of the query's type meets every parameter."""
    if resource.get("resourceType") != query.resource_type:
        return False
    for name, values in query.params.items():
        for value in values:
            if not _one(query.resource_type, name, value, resource):
                return False
    return True


def _one(resource_type: str, name: str, value: str, resource: Mapping[str, Any]) -> bool:
    if name == "_id":
        return resource.get("id") in value.split(",")
    if name == "identifier":
        wanted = identifier_value(value)
        return any(i.get("value") == wanted for i in _identifiers(resource))
    if name in ("patient", "subject"):
        return referenced_id(value) in _references(resource)
    if name == "code":
        return _code_matches(value, _codes([resource.get("code") or {}]))
    if name == "category":
        return _code_matches(value, _codes(resource.get("category", []) or []))
    if name == "status":
        return resource.get("status") in value.split(",")
    if name == "questionnaire":
        return resource.get("questionnaire") == value
    if name == "url":
        return resource.get("url") == value
    path = DATE_PATHS.get((resource_type, name))
    if path is not None:
        return _date_matches(value, _path(resource, path))
    return False


def _identifiers(resource: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found = resource.get("identifier") or []
    return [found] if isinstance(found, Mapping) else list(found)
