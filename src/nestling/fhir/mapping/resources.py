"""Building and reading fhir.resources models: every resource Nestling emits is one of these, validated
when it is made (an element of the wrong shape raises here, not at the receiving end).

Nestling validates against fhir.resources' R4B models (the top-level package is R5). R4B changed none of
the elements these resources use from R4 4.0.1, which the server declares: see the README.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir_core.fhirabstractmodel import FHIRAbstractModel

Resource = FHIRAbstractModel


def build(resource_type: str, data: dict[str, Any]) -> Resource:
    """The validated model of `data` (a FHIR JSON object without its resourceType)."""
    model = get_fhir_model_class(resource_type)
    return model.model_validate({"resourceType": resource_type, **_without_empty(data)})


def as_json(resource: Resource) -> dict[str, Any]:
    """The resource as FHIR JSON (no empty elements)."""
    data: dict[str, Any] = resource.model_dump(mode="json", exclude_none=True)
    return data


def parse(data: dict[str, Any]) -> Resource:
    """A FHIR JSON object read into its model; ValueError (pydantic's ValidationError is one) or
    KeyError when it is not a resource fhir.resources knows, or does not validate."""
    resource_type = data["resourceType"]
    if not isinstance(resource_type, str):
        raise ValueError("resourceType must be text")
    return get_fhir_model_class(resource_type).model_validate(data)


def _without_empty(value: Any) -> Any:
    """FHIR forbids empty strings, lists and objects: leave them out rather than emit them."""
    if isinstance(value, dict):
        kept = {k: _without_empty(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        kept_items = [_without_empty(v) for v in value]
        return [v for v in kept_items if v not in (None, "", [], {})]
    return value
