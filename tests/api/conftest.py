import pytest

from nestling.api.models import ClientKind
from tests.factories.api import bearer, registered_client


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


@pytest.fixture
def as_practitioner(world, app_client):
    return {"HTTP_AUTHORIZATION": bearer(app_client, user=world.practitioner)}
