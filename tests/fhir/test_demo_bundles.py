"""Every resource the FHIR server emits for the demo's families validates with fhir.resources (R4B)."""

from __future__ import annotations

import pytest

from nestling.access.models import SensitiveGrant
from nestling.accounts.models import User
from nestling.audit.categories import SensitiveCategory
from nestling.demo.builder import demo_build
from nestling.families.models import Family
from nestling.fhir.assemble import document_bundle, family_resources
from nestling.fhir.mapping.resources import as_json, parse
from nestling.fhir.selectors import family_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    demo_build()
    manager = User.objects.get(email="manager@demo.nestling.test")
    for category in SensitiveCategory.values:
        SensitiveGrant.objects.create(
            organization_id=manager.organization_id, user=manager, category=category, granted_by=manager
        )
    return manager


def test_every_resource_of_every_demo_family_validates(demo, client):
    families = list(Family.objects.select_related("organization", "program").order_by("pk"))
    records = family_records(actor=demo, families=families)
    kinds: set[str] = set()
    for record in records.values():
        resources = family_resources(record)
        bundle = document_bundle(resources, base="https://nestling.test/fhir")
        parse(bundle)  # the Bundle as a whole, and so every entry in it
        for resource in resources:
            data = as_json(resource)
            assert parse(data).model_dump(mode="json", exclude_none=True) == data
            kinds.add(data["resourceType"])
    assert {"Patient", "RelatedPerson", "Observation", "QuestionnaireResponse", "Group"} <= kinds
    assert {"Condition", "CarePlan", "Goal", "Encounter", "Consent"} <= kinds

    # A diagnosis is read by its own id, which it keeps from one formulation version to the next.
    condition = next(
        as_json(r)
        for record in records.values()
        for r in family_resources(record)
        if r.get_resource_type() == "Condition"
    )
    client.force_login(demo)
    response = client.get(f"/fhir/Condition/{condition['id']}")
    assert response.status_code == 200
    assert response.json()["code"] == condition["code"]
