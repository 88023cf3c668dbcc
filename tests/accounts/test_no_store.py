"""Pages sent to a signed-in user are never kept by the browser, so a shared tablet's back button cannot
show them to the next person after sign-out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.accounts import PASSWORD


def _not_stored(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("page", ["caseload", "family_detail", "family_screening", "family_search"])
def test_every_page_for_a_signed_in_user_says_no_store(world, signed_in, page):
    client = signed_in(world.practitioner)
    args = [] if page in ("caseload", "family_search") else [world.family_a.uuid]

    response = client.get(reverse(page, args=args))

    assert response.status_code == 200
    assert _not_stored(response)
    assert response["Pragma"] == "no-cache"


def test_a_refusal_and_a_redirect_for_a_signed_in_user_are_not_stored_either(world, signed_in):
    client = signed_in(world.practitioner)
    assert _not_stored(client.get(reverse("family_detail", args=[world.family_c.uuid])))  # 404
    assert _not_stored(client.post(reverse("account_logout")))  # the sign-out itself


def test_the_sign_in_steps_are_not_stored(world, client):
    response = client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and _not_stored(response)


def test_static_files_keep_their_own_caching(world, signed_in):
    client = signed_in(world.practitioner)
    response = client.get("/static/nestling/nestling.css")
    assert response.status_code == 200 and not _not_stored(response)
