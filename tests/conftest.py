"""Personas shared by the suite: one organization with staff of every role, and an outsider organization.

- `practitioner` carries families A and B; `colleague` (another practitioner) carries family C.
- `supervisor` supervises `practitioner` only, so sees A and B but not C.
- `manager` sees the whole program; `admin` and `privacy` see no family records by role alone.
- `outsider` is a practitioner in another organization, with family X on their caseload.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

import pytest
from hypothesis import settings as hypothesis_settings

from nestling.access.models import SensitiveGrant
from nestling.accounts.models import Role, Supervision, User
from nestling.api.models import ClientKind
from nestling.families.models import Family
from nestling.organizations.models import Organization, Program
from tests.factories.accounts import UserFactory
from tests.factories.api import registered_client
from tests.factories.families import CaseloadAssignmentFactory, FamilyFactory
from tests.factories.organizations import OrganizationFactory, ProgramFactory

# In CI, property tests run the same examples every time, so a red run is reproducible and main stays
# green for reasons a reader can see; locally they keep exploring.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@dataclass
class World:
    org: Organization
    program: Program
    practitioner: User
    colleague: User
    supervisor: User
    manager: User
    admin: User
    privacy: User
    outsider: User
    family_a: Family
    family_b: Family
    family_c: Family
    family_x: Family

    def persona(self, name: str) -> User:
        return getattr(self, name)


def make_world() -> World:
    """The personas and their families, written to the database (the caller provides the transaction)."""
    org = OrganizationFactory(name="Own organization")
    program = ProgramFactory(organization=org)
    other_org = OrganizationFactory(name="Other organization")
    other_program = ProgramFactory(organization=other_org)

    practitioner = UserFactory(organization=org, email="practitioner@own.test", roles=[Role.PRACTITIONER])
    colleague = UserFactory(organization=org, email="colleague@own.test", roles=[Role.PRACTITIONER])
    supervisor = UserFactory(organization=org, email="supervisor@own.test", roles=[Role.SUPERVISOR])
    manager = UserFactory(organization=org, email="manager@own.test", roles=[Role.MANAGER])
    admin = UserFactory(organization=org, email="admin@own.test", roles=[Role.ORG_ADMIN])
    privacy = UserFactory(organization=org, email="privacy@own.test", roles=[Role.PRIVACY_OFFICER])
    outsider = UserFactory(organization=other_org, email="outsider@other.test", roles=[Role.PRACTITIONER])

    family_a = FamilyFactory(program=program, name="Household A")
    family_b = FamilyFactory(program=program, name="Household B")
    family_c = FamilyFactory(program=program, name="Household C")
    family_x = FamilyFactory(program=other_program, name="Household X")
    for family, person in (
        (family_a, practitioner),
        (family_b, practitioner),
        (family_c, colleague),
        (family_x, outsider),
    ):
        CaseloadAssignmentFactory(family=family, practitioner=person)
    Supervision.objects.create(
        organization=org,
        supervisor=supervisor,
        supervisee=practitioner,
        starts_on=datetime.date.today() - datetime.timedelta(days=60),
    )
    return World(
        org,
        program,
        practitioner,
        colleague,
        supervisor,
        manager,
        admin,
        privacy,
        outsider,
        family_a,
        family_b,
        family_c,
        family_x,
    )


@pytest.fixture
def world(db) -> World:
    return make_world()


@pytest.fixture
def grant(world):
    """Give a user a grant for a sensitive category (for every family they may see)."""

    def give(user: User, category: str = "substance_use") -> SensitiveGrant:
        return SensitiveGrant.objects.create(
            organization=user.organization, user=user, category=category, granted_by=world.privacy
        )

    return give


@pytest.fixture
def signed_in(client):
    """Sign a user in for the test client, second factor included."""

    def sign_in(user: User):
        client.force_login(user)
        session = client.session
        session["nestling_mfa_ok"] = True
        session.save()
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (allauth remembers used authenticator codes there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# API clients of the own organization, for the REST API's and the FHIR server's tests.
@pytest.fixture
def app_client(world):
    """An app of the own organization acting for staff (authorization code)."""
    client, _secret = registered_client(organization_id=world.org.pk, admin=world.admin)
    return client


@pytest.fixture
def integration(world):
    """A system integration of the own organization (client credentials), reading as a manager."""
    client, _secret = registered_client(
        organization_id=world.org.pk, kind=ClientKind.INTEGRATION, admin=world.admin
    )
    return client
