import pytest

from tests.factories.api import bearer


@pytest.fixture
def as_practitioner(world, app_client):
    return {"HTTP_AUTHORIZATION": bearer(app_client, user=world.practitioner)}
