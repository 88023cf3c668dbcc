"""The CapabilityStatement at /fhir/metadata: what this server reads and searches."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from nestling.fhir.mapping.resources import as_json, build
from nestling.fhir.search import SEARCH_PARAMS

# The systems programs exchange with speak R4 (4.0.1). Nestling's resources use no element R4B changed,
# and are validated with fhir.resources' R4B models: see the README.
FHIR_VERSION = "4.0.1"
DATE_PARAMS = {"date", "birthdate", "authored", "recorded-date"}
TOKEN_PARAMS = {"identifier", "code", "category", "_id", "status"}


def _param_type(name: str) -> str:
    if name in DATE_PARAMS:
        return "date"
    if name in TOKEN_PARAMS:
        return "token"
    if name in ("url", "questionnaire"):
        return "uri"
    if name in ("_count", "_offset"):
        return "number"
    return "reference"


def capability_statement(*, base: str) -> dict[str, Any]:
    resources = []
    for resource_type, params in SEARCH_PARAMS.items():
        resource: dict[str, Any] = {
            "type": resource_type,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [{"name": n, "type": _param_type(n)} for n in params],
        }
        if resource_type == "Patient":
            resource["operation"] = [
                {
                    "name": "everything",
                    "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                }
            ]
        resources.append(resource)
    statement = build(
        "CapabilityStatement",
        {
            "status": "active",
            "date": timezone.now().isoformat(),
            "kind": "instance",
            "software": {"name": "Nestling"},
            "implementation": {"description": "Nestling FHIR server", "url": base},
            "fhirVersion": FHIR_VERSION,
            "format": ["json"],
            "rest": [
                {
                    "mode": "server",
                    "security": {
                        "description": "Every request is made as a member of staff; each sees only the "
                        "families, and the sensitive categories, they may see on the pages."
                    },
                    "resource": resources,
                }
            ],
        },
    )
    return as_json(statement)
