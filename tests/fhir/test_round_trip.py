"""A demo family's record leaves as a FHIR Bundle, comes into an empty organization, and leaves again
with every clinical value it came in with; the same Bundle imported twice makes nothing new; a dry run
lists every problem at once and writes nothing."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from nestling.access.models import SensitiveGrant
from nestling.accounts.models import Role, User
from nestling.audit.categories import SensitiveCategory
from nestling.demo.builder import demo_build
from nestling.families.models import Caregiver, Child, Family
from nestling.fhir.importing.bundle import BundleImportRefused, fhir_bundle_import
from nestling.fhir.mapping import systems as s
from nestling.fhir.services import family_copy_bundle
from nestling.growth.models import Measurement
from nestling.screening.models import ScreeningResult
from tests.factories.accounts import UserFactory
from tests.factories.organizations import OrganizationFactory, ProgramFactory

pytestmark = pytest.mark.django_db
BASE = "https://nestling.test/fhir"


def _grant_all(user: User) -> None:
    for category in SensitiveCategory.values:
        SensitiveGrant.objects.create(
            organization_id=user.organization_id, user=user, category=category, granted_by=user
        )


def _clinical_values(bundle: dict[str, Any]) -> dict[str, list[Any]]:
    """What a Bundle says clinically, with the ids (which differ between organizations) replaced by the
    names of the people they point at."""
    resources = [e["resource"] for e in bundle["entry"]]
    names = {}
    for r in resources:
        if r["resourceType"] in ("Patient", "RelatedPerson"):
            name = r["name"][0]
            names[r["id"]] = (r["resourceType"], " ".join(name.get("given", [])), name.get("family"))

    def who(reference: dict[str, str]) -> Any:
        return names[reference["reference"].rsplit("/", 1)[-1]]

    out: dict[str, list[Any]] = {"Patient": [], "RelatedPerson": [], "growth": [], "screening": []}
    for r in resources:
        kind = r["resourceType"]
        if kind == "Patient":
            out[kind].append(
                (names[r["id"]], r.get("birthDate"), r.get("gender"), r.get("extension"), r.get("telecom"))
            )
        elif kind == "RelatedPerson":
            extensions = [e for e in r["extension"] if not e["url"].endswith("/caregiver")]
            out[kind].append(
                (names[r["id"]], who(r["patient"]), r["relationship"], r.get("period"), extensions)
            )
        elif kind == "Observation" and r["category"][0]["coding"][0]["code"] == "vital-signs":
            out["growth"].append(
                (who(r["subject"]), r["code"], r["effectiveDateTime"], r["valueQuantity"], r.get("component"))
            )
        elif kind == "Observation" and r["status"] != "entered-in-error":
            focus = [who(f) for f in r.get("focus", [])]
            out["screening"].append(
                (
                    who(r["subject"]),
                    focus,
                    r["code"],
                    r["effectiveDateTime"],
                    r.get("valueInteger"),
                    r.get("interpretation"),
                    r.get("component"),
                )
            )
    return {k: sorted(map(repr, v)) for k, v in out.items()}


@pytest.fixture
def exported():
    demo_build()
    manager = User.objects.get(email="manager@demo.nestling.test")
    _grant_all(manager)
    family = (
        Family.objects.filter(children__measurements__isnull=False, screening_results__isnull=False)
        .select_related("organization", "program")
        .distinct()
        .order_by("pk")
        .first()
    )
    assert family is not None
    copy = family_copy_bundle(actor=manager, family=family, base=BASE)
    return family, json.loads(copy.content)


@pytest.fixture
def newcomer():
    org = OrganizationFactory(name="Empty organization")
    program = ProgramFactory(organization=org)
    user = UserFactory(organization=org, email="importer@empty.test", roles=[Role.PRACTITIONER])
    _grant_all(user)
    return user, program


def test_a_family_comes_back_with_every_clinical_value_it_left_with(exported, newcomer):
    family, bundle = exported
    user, program = newcomer

    outcome = fhir_bundle_import(data=bundle, by=user, program_uuid=program.uuid, dry_run=False)

    assert outcome.created and outcome.family is not None
    imported = Family.objects.select_related("organization", "program").get(pk=outcome.family.pk)
    assert imported.organization_id == user.organization_id and imported.name == family.name
    again = json.loads(family_copy_bundle(actor=user, family=imported, base=BASE).content)
    before, after = _clinical_values(bundle), _clinical_values(again)
    assert before["growth"] and before["screening"] and before["Patient"]
    assert after == before


def test_the_same_bundle_twice_creates_nothing_new(exported, newcomer):
    _family, bundle = exported
    user, program = newcomer
    first = fhir_bundle_import(data=bundle, by=user, program_uuid=program.uuid, dry_run=False)
    counts = (
        Family.objects.count(),
        Child.objects.count(),
        Measurement.objects.count(),
        ScreeningResult.objects.count(),
    )

    second = fhir_bundle_import(data=bundle, by=user, program_uuid=program.uuid, dry_run=False)

    assert second.already_imported and not second.created
    assert second.family == first.family
    assert counts == (
        Family.objects.count(),
        Child.objects.count(),
        Measurement.objects.count(),
        ScreeningResult.objects.count(),
    )


def test_a_dry_run_writes_nothing_and_says_what_it_would_make(exported, newcomer):
    _family, bundle = exported
    user, program = newcomer
    families = Family.objects.count()

    outcome = fhir_bundle_import(data=bundle, by=user, program_uuid=program.uuid, dry_run=True)

    assert not outcome.created and outcome.counts["families"] == 1 and outcome.counts["measurements"] >= 1
    assert Family.objects.count() == families


def test_a_dry_run_lists_every_problem_at_once(newcomer):
    user, program = newcomer
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Patient",
                    "id": "c1",
                    "meta": {"tag": [{"system": s.SUBJECT_KIND, "code": "child"}]},
                    "name": [{"given": ["Ada"]}],
                }
            },
            {"resource": {"resourceType": "Patient", "id": "c2", "birthDate": "not a date"}},
            {
                "resource": {
                    "resourceType": "Observation",
                    "id": "o1",
                    "status": "final",
                    "code": {"coding": [{"system": s.LOINC, "code": "29463-7"}]},
                    "subject": {"reference": "Patient/c1"},
                    "effectiveDateTime": "2026-01-01",
                    "valueQuantity": {"value": 7, "unit": "lb"},
                }
            },
            {
                "resource": {
                    "resourceType": "Observation",
                    "id": "o2",
                    "status": "final",
                    "code": {"coding": [{"system": s.LOINC, "code": "44261-6"}]},
                    "subject": {"reference": "Patient/c1"},
                    "effectiveDateTime": "2026-01-01",
                    "valueInteger": 12,
                }
            },
        ],
    }

    with pytest.raises(BundleImportRefused) as refused:
        fhir_bundle_import(data=bundle, by=user, program_uuid=program.uuid, dry_run=True)

    problems = " | ".join(refused.value.problems)
    assert "Patient/c1) has no family name" in problems
    assert "Patient/c2" in problems and "not valid FHIR" in problems
    assert "birth date, or an expected due date" in problems
    assert "kg or g" in problems
    assert "total alone" in problems
    assert Family.objects.count() == 0


def test_a_person_already_known_in_the_organization_stops_the_import(exported, newcomer):
    _family, bundle = exported
    user, program = newcomer
    fhir_bundle_import(data=bundle, by=user, program_uuid=program.uuid, dry_run=False)
    # The same people, sent as another system's record (new ids): they look like the ones already here.
    text = json.dumps(bundle)
    for entry in bundle["entry"]:
        text = text.replace(entry["resource"]["id"], str(uuid.uuid4()))
    renamed = json.loads(text)
    with pytest.raises(BundleImportRefused) as refused:
        fhir_bundle_import(data=renamed, by=user, program_uuid=program.uuid, dry_run=True)
    assert any("looks like someone already recorded" in p for p in refused.value.problems)
    assert Caregiver.objects.filter(organization_id=user.organization_id).count() == len(
        [
            e
            for e in bundle["entry"]
            if e["resource"].get("meta", {}).get("tag", [{}])[0].get("code") == "caregiver"
        ]
    )


def test_twins_not_named_yet_come_in_as_two_children(newcomer):
    user, program = newcomer
    twin = {
        "resourceType": "Patient",
        "name": [{"family": "Twin"}],
        "birthDate": "2026-10-01",
        "gender": "unknown",
    }
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {**twin, "id": "a"}}, {"resource": {**twin, "id": "b"}}],
    }

    outcome = fhir_bundle_import(data=bundle, by=user, program_uuid=program.uuid, dry_run=False)

    assert outcome.family is not None and outcome.family.children.count() == 2
