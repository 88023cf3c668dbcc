"""The family portal in the demo: one of Pat's households with a three-week-old baby and two parents who
each consented to the portal and have an account of their own — the mother reads Nestling in Spanish, has
the family on the example pathway and a PHQ-9 waiting for her; the father reads it in English. Signing in
as each shows what a caregiver sees, and that neither sees the other's answers or contact details.

Everything is invented. The accounts are made directly (no invitation email is sent during a build); the
consents, people, pathway and questionnaire go through their services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from nestling.accounts.models import User
from nestling.families.models import Caregiver, ConsentKind, Family, RelationshipKind
from nestling.families.services.consent import consent_create
from nestling.families.services.people import caregiver_create, child_create, relationship_create
from nestling.pathways.services import pathway_start
from nestling.portal.models import LanguagePreference, PortalAccount, PortalSettings
from nestling.portal.services.questionnaires import questionnaire_assign

EXAMPLE_PATHWAY = "pregnancy-to-three-months@1"


@dataclass(frozen=True)
class DemoCaregiver:
    local: str  # the part of the sign-in email before the @
    given_name: str
    kind: str
    language: str
    phone: str
    description: str  # how the sign-in list names the account


MOTHER = DemoCaregiver(
    "caregiver", "Lucía", RelationshipKind.BIOLOGICAL_MOTHER, "es", "555-0141", "Caregiver (portal, Spanish)"
)
FATHER = DemoCaregiver(
    "caregiver2",
    "Daniel",
    RelationshipKind.BIOLOGICAL_FATHER,
    "en",
    "555-0142",
    "Caregiver (portal): the other parent",
)
PORTAL_CAREGIVERS = (MOTHER, FATHER)


def portal_logins(domain: str) -> list[tuple[str, str]]:
    """The caregivers' sign-ins, for the list `nestling demo` prints."""
    return [(f"{c.local}@{domain}", c.description) for c in PORTAL_CAREGIVERS]


def _account(
    *,
    family: Family,
    caregiver: Caregiver,
    who: DemoCaregiver,
    domain: str,
    password_hash: str,
    invited_by: User,
) -> None:
    user = User.objects.create(
        email=f"{who.local}@{domain}",
        organization_id=family.organization_id,
        first_name=caregiver.given_name,
        last_name=caregiver.family_name,
        password=password_hash,
    )
    PortalAccount.objects.create(
        organization_id=family.organization_id,
        user=user,
        caregiver=caregiver,
        family=family,
        invited_by=invited_by,
        invited_at=timezone.now() - timedelta(days=10),
    )
    LanguagePreference.objects.create(user=user, language=who.language)


def add_portal(*, family: Family, practitioner: User, domain: str, password_hash: str, today: date) -> None:
    """Two parents of a new baby on the portal, the family on the example pathway, a PHQ-9 to fill in."""
    surname = "Moreno-Vos"
    baby = child_create(
        family=family,
        by=practitioner,
        given_name="Noa",
        family_name=surname,
        date_of_birth=today - timedelta(days=21),
        gestation_weeks=39,
        gestation_days=2,
        birth_weight_grams=3310,
    )
    people: list[tuple[DemoCaregiver, Caregiver]] = []
    for who in PORTAL_CAREGIVERS:
        person = caregiver_create(
            family=family,
            by=practitioner,
            given_name=who.given_name,
            family_name=surname,
            phone=who.phone,
            preferred_language=who.language,
            confirm_duplicate=True,
        )
        relationship_create(
            family=family,
            by=practitioner,
            caregiver=person,
            child=baby,
            kind=who.kind,
            since=baby.date_of_birth,
        )
        # each parent agrees to their own account: separated parents consent apart
        consent_create(
            family=family,
            by=practitioner,
            kind=ConsentKind.PORTAL,
            given_on=today - timedelta(days=12),
            given_by=person,
            right_to_revoke_explained=True,
            signed=True,
        )
        _account(
            family=family,
            caregiver=person,
            who=who,
            domain=domain,
            password_hash=password_hash,
            invited_by=practitioner,
        )
        people.append((who, person))
    PortalSettings.objects.get_or_create(
        organization_id=family.organization_id,
        defaults={
            "crisis_contacts": "Riverbend crisis line (demo) | 0800 000 0000\n"
            "Parents' support line (demo) | 0800 000 0001",
        },
    )
    pathway_start(family=family, pathway_key=EXAMPLE_PATHWAY, child=baby, by=practitioner)
    mother = people[0][1]
    questionnaire_assign(
        family=family, caregiver=mother, instrument="phq-9", by=practitioner, due_on=today + timedelta(days=7)
    )
