"""Referrals in the demo, made through the same services a practitioner uses: the organization's
directory of local services (kept by the program manager), and referrals of one family's mother and
child in several states — one sent weeks ago and not moving past its expected date (its task is overdue
on the worklist), one through to first contact, one the family declined, one still a draft. Invented
services and words; a fixed handful of rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nestling.accounts.models import User
from nestling.families.models import Caregiver, Child, ConsentKind, Family, subject_of
from nestling.families.services.consent import consent_create
from nestling.referrals.models import Domain, LocalService, Referral, ServiceKind, Shared, Status
from nestling.referrals.services.directory import local_service_create
from nestling.referrals.services.referrals import ReferralDraft, referral_create, referral_status_set
from nestling.screening.models import ScreeningResult

DIRECTORY = [
    (
        ServiceKind.ADULT_MENTAL_HEALTH,
        "Riverbend Perinatal Mental Health Team",
        "555-0140",
        "English, Spanish",
        "Pregnant and postpartum parents up to a year after the birth.",
    ),
    (
        ServiceKind.EARLY_INTERVENTION,
        "County Early Intervention (Part C)",
        "555-0141",
        "English, Spanish, Arabic",
        "Children under three with a developmental concern; no referral letter is needed.",
    ),
    (ServiceKind.FOOD, "Eastside Community Pantry", "555-0142", "English", "Anyone in the county; weekly."),
    (
        ServiceKind.HOUSING,
        "Harbor Housing Help Desk",
        "555-0143",
        "English, Vietnamese",
        "Families at risk of losing their home.",
    ),
    (
        ServiceKind.SUBSTANCE_USE,
        "Lakeside Recovery Outpatient Program",
        "555-0144",
        "English",
        "Adults; parents with infants are seen first.",
    ),
]


def _directory(manager: User) -> dict[str, LocalService]:
    made: dict[str, LocalService] = {}
    for kind, name, phone, languages, eligibility in DIRECTORY:
        made[kind] = local_service_create(
            by=manager,
            kind=kind,
            name=name,
            phone=phone,
            languages=languages,
            eligibility=eligibility,
            address="Synthetic address, Riverbend",
        )
    return made


def add_referrals(*, families: list[Family], practitioner: User, manager: User, today: date) -> None:
    """The directory, and four referrals for the first of `families` with a caregiver and a child."""
    services = _directory(manager)
    for family in families:
        mother = Caregiver.objects.filter(family=family).order_by("pk").first()
        child = Child.objects.filter(family=family, date_of_birth__isnull=False).order_by("pk").first()
        if mother is not None and child is not None:
            break
    else:
        return
    sent_on = today - timedelta(days=24)
    consent = consent_create(
        family=family,
        by=practitioner,
        kind=ConsentKind.DATA_SHARING,
        given_on=sent_on,
        given_by=mother,
        recipient="Riverbend Perinatal Mental Health Team",
        purpose="Referral for perinatal mental health care",
        expires_on=today + timedelta(days=300),
    )
    screen = (
        ScreeningResult.objects.filter(family=family, positive=True, administered_on__lte=sent_on)
        .order_by("-administered_on")
        .first()
    )

    def refer(
        service: str, whom: Caregiver | Child, reason: str, on: date, expected: date, **more: Any
    ) -> Referral:
        return referral_create(
            family=family,
            by=practitioner,
            send=bool(more.pop("send", True)),
            draft=ReferralDraft(
                subject=subject_of(whom),
                reason=reason,
                referred_on=on,
                expected_by=expected,
                service=services[service],
                **more,
            ),
        )

    # Sent three weeks ago, expected last week: nothing heard, so its task is overdue on the worklist.
    refer(
        ServiceKind.ADULT_MENTAL_HEALTH,
        mother,
        "Low mood and poor sleep since the birth; she asked for someone to talk to on her own.",
        sent_on,
        today - timedelta(days=5),
        domain=Domain.DEPRESSION if screen is None else "",
        from_result=screen,
        shared=[Shared.CONTACT, Shared.REASON],
        consent=consent,
    )
    # Through to first contact.
    ei = refer(
        ServiceKind.EARLY_INTERVENTION,
        child,
        "Few words at two; the family would like an evaluation.",
        today - timedelta(days=40),
        today - timedelta(days=20),
        domain=Domain.DEVELOPMENT,
    )
    for status, days in ((Status.RECEIVED, 37), (Status.APPOINTMENT_SET, 30), (Status.COMPLETED, 18)):
        ei = referral_status_set(
            referral=ei, by=practitioner, version=ei.version, status=status, on=today - timedelta(days=days)
        )
    # The family chose another pantry nearer their bus route.
    food = refer(
        ServiceKind.FOOD,
        mother,
        "Money is short at the end of the month.",
        today - timedelta(days=15),
        today - timedelta(days=5),
        domain=Domain.BASIC_NEEDS,
    )
    referral_status_set(
        referral=food,
        by=practitioner,
        version=food.version,
        status=Status.FAMILY_DECLINED,
        on=today - timedelta(days=10),
        note="They use the church pantry on their bus route instead.",
    )
    # A draft, to send once the mother has talked it over with her partner.
    refer(
        ServiceKind.HOUSING,
        mother,
        "The lease ends in two months and the landlord is selling.",
        today,
        today + timedelta(days=14),
        domain=Domain.BASIC_NEEDS,
        send=False,
    )
