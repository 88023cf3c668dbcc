"""The demo's families have the variety a new user should meet."""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nestling.demo.family_records import build_family_records
from nestling.families.models import Caregiver, Child, Consent, Enrollment, Relationship, RiskFactor
from tests.factories.families import CaregiverFactory, FamilyFactory, RiskFactorFactory


def test_demo_families_include_pregnancy_newborn_preterm_foster_two_caregivers_and_teen_parents(db, capsys):
    call_command("demo")
    assert Child.objects.filter(date_of_birth__isnull=True, due_date__isnull=False).exists()  # prenatal
    assert Child.objects.filter(gestation_weeks__lt=34).exists()  # preterm
    assert Relationship.objects.filter(kind="foster").exists()
    assert Relationship.objects.filter(kind="biological_father").exists()  # two-caregiver homes
    assert Caregiver.objects.filter(pregnancy_due_date__isnull=False).exists()
    teen = datetime.date.today() - datetime.timedelta(days=20 * 365)
    assert Caregiver.objects.filter(date_of_birth__gt=teen).exists()  # teen parents
    assert Enrollment.objects.count() == 25  # one a family's second episode (see test_demo_discharges)
    assert Consent.objects.filter(kind="part2", signed=True, right_to_revoke_explained=True).exists()
    assert RiskFactor.objects.filter(sensitive_category="substance_use").exists()
    assert RiskFactor.objects.filter(kind="protective").exists()
    # And the database's own numbering carries on above the ids the demo gave
    family = Child.objects.first().family
    assert (
        CaregiverFactory(family=family).pk > Caregiver.objects.exclude(given_name__startswith="Carer").count()
    )
    assert RiskFactorFactory(family=family).pk


def test_bulk_demo_records_cost_the_same_statements_for_6_or_18_families(world):
    def build(count: int) -> int:
        families = [(FamilyFactory(program=world.program).pk, world.program.pk) for _ in range(count)]
        with CaptureQueriesContext(connection) as context:
            build_family_records(
                org_id=world.org.pk,
                families=families,
                staff_id=world.practitioner.pk,
                seed=1,
                today=datetime.date.today(),
            )
        return len(context.captured_queries)

    assert build(6) == build(18)
