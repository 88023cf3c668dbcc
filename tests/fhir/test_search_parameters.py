"""The search parameters, read and applied to FHIR JSON without a database."""

from __future__ import annotations

import pytest

from nestling.fhir.search import SearchError, matches, read_query

OBSERVATION = {
    "resourceType": "Observation",
    "id": "7d1f0c3e-0000-4000-8000-000000000001",
    "identifier": [
        {"system": "https://nestling.app/fhir/sid/record", "value": "7d1f0c3e-0000-4000-8000-000000000001"}
    ],
    "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
    "category": [{"coding": [{"code": "vital-signs"}]}],
    "subject": {"reference": "Patient/5b0c9f1a-0000-4000-8000-000000000002"},
    "effectiveDateTime": "2026-05-10",
}


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"patient": ["Patient/5b0c9f1a-0000-4000-8000-000000000002"]}, True),
        ({"subject": ["5b0c9f1a-0000-4000-8000-000000000002"]}, True),
        ({"patient": ["5b0c9f1a-0000-4000-8000-000000000003"]}, False),
        ({"code": ["http://loinc.org|29463-7"]}, True),
        ({"code": ["29463-7,8302-2"]}, True),
        ({"code": ["http://snomed.info/sct|29463-7"]}, False),
        ({"date": ["ge2026-05-10", "lt2026-06-01"]}, True),
        ({"date": ["gt2026-05-10"]}, False),
        ({"date": ["2026-05-10"]}, True),
        ({"category": ["vital-signs"]}, True),
        ({"identifier": ["https://nestling.app/fhir/sid/record|7d1f0c3e-0000-4000-8000-000000000001"]}, True),
        ({"_id": ["something-else"]}, False),
    ],
)
def test_an_observation_is_found_by_what_it_holds(params, found):
    assert matches(read_query("Observation", params), OBSERVATION) is found


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"patinet": ["x"]}, "patinet"),
        ({"date": ["May 2026"]}, "date must be a date"),
        ({"_count": ["lots"]}, "_count must be a whole number"),
        ({"_count": ["5000"]}, "_count must be from 1 to 200"),
    ],
)
def test_a_search_it_cannot_answer_is_refused_naming_the_parameter(params, says):
    with pytest.raises(SearchError) as refused:
        read_query("Observation", params)
    assert says in str(refused.value)


def test_a_resource_type_it_does_not_serve_is_refused():
    with pytest.raises(SearchError):
        read_query("Medication", {})
