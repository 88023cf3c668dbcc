"""The referral, safety-alert and RS/C measures read from real records (made through the services a
practitioner uses), counted for the manager's program, and drilled into only where the reader may see:
an IPV referral counts in every aggregate, its family is listed only with the grant."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.families.models import CaseloadAssignment
from nestling.referrals.models import Domain, ServiceKind, Status
from nestling.referrals.services.referrals import ReferralDraft, referral_create, referral_status_set
from nestling.reports.measures.periods import last_complete
from nestling.reports.scope import PROGRAM, report_scope
from nestling.reports.selectors import measure_families, measure_table
from nestling.screening.services import screening_record
from nestling.workforce.models import RscKind, RscParticipant, RscSession, RscStatus
from tests.factories.families import CaregiverFactory
from tests.factories.screening import SafetyAlertFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()
QUARTER = last_complete("quarter", TODAY)
POSITIVE_PHQ9 = [2, 2, 2, 2, 1, 1, 1, 0, 0]
POSITIVE_HITS = [3, 3, 3, 3]  # 12: above 10


def _referral(world, family, screen, *, domain, kind, made, contact=None):
    referral = referral_create(
        family=family,
        by=world.practitioner,
        send=True,
        draft=ReferralDraft(
            subject=screen.subject,
            reason="Synthetic referral for the measures",
            referred_on=made,
            expected_by=made + timedelta(days=14),
            service_name="A synthetic service",
            service_kind=kind,
            domain=domain,
            from_result=screen,
        ),
    )
    if contact is not None:
        referral = referral_status_set(
            referral=referral,
            by=world.practitioner,
            version=referral.version,
            status=Status.COMPLETED,
            on=contact,
        )
    return referral


@pytest.fixture
def records(world, grant):
    grant(world.practitioner, "intimate_partner_violence")  # to give a HITS
    screened = QUARTER.start + timedelta(days=5)
    mother_a = CaregiverFactory(family=world.family_a)
    mother_b = CaregiverFactory(family=world.family_b)
    phq9 = screening_record(
        family=world.family_a,
        subject=mother_a,
        instrument_id="phq-9",
        answers=POSITIVE_PHQ9,
        by=world.practitioner,
        administered_on=screened,
    )
    hits = screening_record(
        family=world.family_b,
        subject=mother_b,
        instrument_id="hits",
        answers=POSITIVE_HITS,
        by=world.practitioner,
        administered_on=screened,
    )
    assert phq9.positive and hits.positive
    # A: a depression referral whose first contact came 20 days after the screen, on the quarter's
    # last day; B: an IPV referral the day of the screen, its first contact 10 days after it.
    _referral(
        world,
        world.family_a,
        phq9,
        domain=Domain.DEPRESSION,
        kind=ServiceKind.ADULT_MENTAL_HEALTH,
        made=screened + timedelta(days=1),
        contact=QUARTER.end,
    )
    _referral(
        world,
        world.family_b,
        hits,
        domain=Domain.IPV,
        kind=ServiceKind.IPV,
        made=screened,
        contact=screened + timedelta(days=10),
    )
    # Two safety alerts in the quarter: answered at 23 h 59 min, and at 24 h 1 min.
    raised = timezone.make_aware(datetime.combine(screened, time(10, 0)))
    for late in (timedelta(hours=23, minutes=59), timedelta(hours=24, minutes=1)):
        SafetyAlertFactory(
            result=phq9,
            raised_at=raised,
            responded_at=raised + late,
            responded_by=world.practitioner,
            risk="low",
        )
    # The practitioners carried their families the whole quarter; one RS/C session of 90 minutes in its
    # first month for the practitioner, none for the colleague.
    CaseloadAssignment.objects.filter(family__program=world.program).update(
        starts_on=QUARTER.start - timedelta(days=30)
    )
    session = RscSession.objects.create(
        organization=world.org,
        leader=world.supervisor,
        kind=RscKind.INDIVIDUAL,
        status=RscStatus.HELD,
        held_on=QUARTER.start + timedelta(days=3),
        duration_minutes=90,
        created_by=world.supervisor,
    )
    RscParticipant.objects.create(
        organization=world.org, session=session, person=world.practitioner, attended=True
    )
    return world


def _rows(world, user=None):
    scope = report_scope(user or world.manager, kind=PROGRAM, program=world.program)
    rows = measure_table(scope, QUARTER, with_previous=False, today=TODAY)
    return scope, {row.measure.key: row.current for row in rows}


def test_the_referral_alert_and_rsc_measures_count_the_programs_records(records):
    _, current = _rows(records)
    depression = current["depression-referrals"]
    assert (depression.numerator_count, depression.denominator_count) == (1, 1)
    ipv = current["ipv-referrals"]
    assert (ipv.numerator_count, ipv.denominator_count) == (1, 1)
    # Screen to first contact: 10 days (B) and 20 + 65-odd days (A, on the quarter's last day)
    a_days = (QUARTER.end - (QUARTER.start + timedelta(days=5))).days
    assert current["screen-to-service-days"].value == (10 + a_days) / 2
    alerts = current["safety-alerts-24h"]
    assert (alerts.numerator_count, alerts.denominator_count) == (1, 2)
    # Two practitioners × three months; the practitioner's first month had 1.5 hours
    rsc = current["rsc-hours"]
    assert (rsc.numerator_count, rsc.denominator_count) == (1, 6)
    assert rsc.value == pytest.approx(1.5 / 6)


def test_an_ipv_referral_counts_in_the_aggregate_but_its_family_shows_only_with_the_grant(records, grant):
    scope, current = _rows(records)
    # B's IPV referral is behind the screen-to-contact median, with A's
    assert current["screen-to-service-days"].denominator_count == 2
    drill = measure_families(scope, measure_key="screen-to-service-days", period=QUARTER, part="denominator")
    assert [row.family for row in drill.rows] == [records.family_a]
    with pytest.raises(AccessDenied):
        measure_families(scope, measure_key="ipv-referrals", period=QUARTER, part="met")
    grant(records.manager, "intimate_partner_violence")
    granted = report_scope(records.manager, kind=PROGRAM, program=records.program)
    drill = measure_families(
        granted, measure_key="screen-to-service-days", period=QUARTER, part="denominator"
    )
    assert {row.family for row in drill.rows} == {records.family_a, records.family_b}
    drill = measure_families(granted, measure_key="ipv-referrals", period=QUARTER, part="met")
    assert [row.family for row in drill.rows] == [records.family_b]


def test_a_measure_of_practitioners_has_no_families_to_drill_into(records):
    scope, _ = _rows(records)
    with pytest.raises(AccessDenied):
        measure_families(scope, measure_key="rsc-hours", period=QUARTER, part="met")
