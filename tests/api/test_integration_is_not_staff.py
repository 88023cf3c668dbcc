"""A system integration acts through a service user of its own; that user is not a person on the staff."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_staff_page_does_not_list_an_integrations_service_user(world, integration, signed_in):
    service = integration.service_user
    assert service is not None and service.organization_id == world.org.pk
    page = signed_in(world.admin).get("/staff/")
    assert page.status_code == 200
    people = {row[0].pk for row in page.context["rows"]}
    assert world.admin.pk in people
    assert service.pk not in people
