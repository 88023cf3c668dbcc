"""Every page that shows clinical data audits the read: edit forms too, under the record's own category."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from nestling.audit.models import AuditAction, AuditEvent, AuditOutcome
from nestling.growth.services import measurement_record
from tests.factories.families import (
    CaregiverFactory,
    ChildFactory,
    ConsentFactory,
    EnrollmentFactory,
    RelationshipFactory,
    RiskFactorFactory,
)

TODAY = datetime.date.today()


def _pages(world):
    family = world.family_a
    mother = CaregiverFactory(family=family)
    baby = ChildFactory(family=family, date_of_birth=TODAY - datetime.timedelta(days=120))
    unborn = ChildFactory(family=family, date_of_birth=None, due_date=TODAY + datetime.timedelta(days=30))
    pair = RelationshipFactory(family=family, caregiver=mother, child=baby)
    episode = EnrollmentFactory(family=family)
    consent = ConsentFactory(family=family, given_by=mother)
    factor = RiskFactorFactory(family=family, caregiver=mother)
    weight = measurement_record(
        child=baby, by=world.practitioner, kind="weight", value=Decimal("6.1"), measured_on=TODAY
    )
    f = family.uuid
    return {
        "family_edit": [f],
        "caregiver_edit": [f, mother.uuid],
        "child_edit": [f, baby.uuid],
        "birth_record": [f, unborn.uuid],
        "relationship_edit": [f, pair.uuid],
        "enrollment_edit": [f, episode.uuid],
        "consent_revoke": [f, consent.uuid],
        "risk_factor_edit": [f, factor.uuid],
        "measurement_correct": [baby.uuid, weight.uuid],
        "screening_administer": [f, "caregiver", mother.uuid, "phq-9"],
        "household_member_leave": [f, mother.memberships.first().uuid]
        if mother.memberships.exists()
        else None,
    }


@pytest.mark.parametrize(
    "name",
    [
        "family_edit",
        "caregiver_edit",
        "child_edit",
        "birth_record",
        "relationship_edit",
        "enrollment_edit",
        "consent_revoke",
        "risk_factor_edit",
        "measurement_correct",
        "screening_administer",
    ],
)
def test_opening_an_edit_form_audits_the_read(world, signed_in, name):
    # Given a practitioner on the family's caseload
    args = _pages(world)[name]
    client = signed_in(world.practitioner)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    # When they open the form
    response = client.get(reverse(name, args=args))
    # Then the page is there, and its read of the family is in the audit trail
    assert response.status_code == 200
    reads = AuditEvent.objects.exclude(pk__in=before).filter(
        action=AuditAction.READ, outcome=AuditOutcome.ALLOWED, family_uuid=world.family_a.uuid
    )
    assert reads.exists()


def test_a_sensitive_factors_edit_form_is_read_under_its_category(world, signed_in, grant):
    mother = CaregiverFactory(family=world.family_a)
    factor = RiskFactorFactory(family=world.family_a, caregiver=mother, sensitive_category="substance_use")
    grant(world.practitioner, "substance_use")
    client = signed_in(world.practitioner)
    response = client.get(reverse("risk_factor_edit", args=[world.family_a.uuid, factor.uuid]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.READ, category="substance_use", subject_id=str(factor.uuid)
    ).exists()
