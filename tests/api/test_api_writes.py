"""Writes through the API: updates name the version they change (If-Match), creates carry an idempotency
key, and every refusal is JSON naming the field — through the same services as the pages."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

from nestling.families.models import Caregiver
from nestling.screening.models import ScreeningResult
from tests.factories import families as make


def _patch(client, url, body, auth, **headers):
    return client.patch(url, json.dumps(body), content_type="application/json", **auth, **headers)


def _post(client, url, body, auth, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **auth, **headers)


def test_an_update_without_if_match_is_refused_and_changes_nothing(client, world, as_practitioner):
    # When the household is changed without saying which version
    url = f"/api/v1/families/{world.family_a.uuid}"
    response = _patch(client, url, {"name": "Renamed"}, as_practitioner)
    # Then 428 naming the header, and the name stays
    assert response.status_code == 428
    assert "If-Match" in response.json()["errors"]
    world.family_a.refresh_from_db()
    assert world.family_a.name == "Household A"


def test_an_update_from_the_version_read_saves_and_a_stale_one_gets_412_with_the_current_version(
    client, world, as_practitioner
):
    # Given the household as read, with its ETag
    url = f"/api/v1/families/{world.family_a.uuid}"
    read = client.get(url, **as_practitioner)
    etag = read["ETag"]
    # When it is changed from that version
    saved = _patch(client, url, {"name": "Household A (renamed)"}, as_practitioner, HTTP_IF_MATCH=etag)
    # Then it is saved, with the next version as its ETag
    assert saved.status_code == 200, saved.content
    assert saved.json()["name"] == "Household A (renamed)"
    assert saved["ETag"] == f'"{read.json()["version"] + 1}"'
    # And a second change from the old version is refused with the current one
    stale = _patch(client, url, {"name": "Lost"}, as_practitioner, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["current_version"] == read.json()["version"] + 1
    assert stale["ETag"] == saved["ETag"]
    world.family_a.refresh_from_db()
    assert world.family_a.name == "Household A (renamed)"


def test_a_create_repeated_with_the_same_idempotency_key_creates_one_caregiver(
    client, world, as_practitioner
):
    url = f"/api/v1/families/{world.family_a.uuid}/caregivers"
    body = {"given_name": "Rowan", "family_name": "Synthetic", "date_of_birth": "1994-03-02"}
    first = _post(client, url, body, as_practitioner, HTTP_IDEMPOTENCY_KEY="intake-7")
    again = _post(client, url, body, as_practitioner, HTTP_IDEMPOTENCY_KEY="intake-7")
    assert first.status_code == 201, first.content
    assert again.status_code == 201 and again.json() == first.json()
    assert Caregiver.objects.filter(family=world.family_a, given_name="Rowan").count() == 1


def test_a_future_date_of_birth_gets_422_naming_the_field(client, world, as_practitioner):
    url = f"/api/v1/families/{world.family_a.uuid}/children"
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = _post(client, url, {"family_name": "Synthetic", "date_of_birth": future}, as_practitioner)
    assert response.status_code == 422
    assert "date_of_birth" in response.json()["errors"]


def test_a_body_that_breaks_the_schema_gets_422_naming_the_field(client, world, as_practitioner):
    url = f"/api/v1/families/{world.family_a.uuid}/caregivers"
    response = _post(client, url, {"given_name": "Rowan", "date_of_birth": "not a date"}, as_practitioner)
    assert response.status_code == 422
    assert {"family_name", "date_of_birth"} <= set(response.json()["errors"])


def test_answers_sent_are_scored_by_the_screening_engine(client, world, as_practitioner):
    caregiver = make.CaregiverFactory(family=world.family_a)
    url = f"/api/v1/families/{world.family_a.uuid}/screening-results"
    body = {
        "subject": str(caregiver.uuid),
        "instrument": "phq-9",
        "answers": [1, 1, 1, 1, 1, 1, 1, 1, 0],
        "administered_on": timezone.localdate().isoformat(),
    }
    response = _post(client, url, body, as_practitioner, HTTP_IDEMPOTENCY_KEY="phq-1")
    assert response.status_code == 201, response.content
    assert response.json()["total"] == 8
    assert ScreeningResult.objects.get(uuid=response.json()["uuid"]).administered_by == world.practitioner


def test_answers_of_the_wrong_count_get_422_naming_the_answers(client, world, as_practitioner):
    caregiver = make.CaregiverFactory(family=world.family_a)
    url = f"/api/v1/families/{world.family_a.uuid}/screening-results"
    body = {
        "subject": str(caregiver.uuid),
        "instrument": "phq-9",
        "answers": [1, 1],
        "administered_on": timezone.localdate().isoformat(),
    }
    response = _post(client, url, body, as_practitioner)
    assert response.status_code == 422
    assert "answers" in response.json()["errors"]
    assert not ScreeningResult.objects.filter(family=world.family_a).exists()


def test_a_supervisor_who_may_read_the_family_may_not_write_to_it(client, world, app_client):
    from tests.factories.api import bearer

    auth = {"HTTP_AUTHORIZATION": bearer(app_client, user=world.supervisor)}
    url = f"/api/v1/families/{world.family_a.uuid}/caregivers"
    assert client.get(url, **auth).status_code == 200
    refused = _post(client, url, {"given_name": "Rowan", "family_name": "Synthetic"}, auth)
    assert refused.status_code == 404
    assert not Caregiver.objects.filter(given_name="Rowan").exists()


def test_a_null_name_is_refused_with_422_and_the_household_keeps_its_name(client, world, as_practitioner):
    url = f"/api/v1/families/{world.family_a.uuid}"
    etag = client.get(url, **as_practitioner)["ETag"]
    response = _patch(client, url, {"name": None}, as_practitioner, HTTP_IF_MATCH=etag)
    assert response.status_code == 422
    assert "name" in response.json()["errors"]
    world.family_a.refresh_from_db()
    assert world.family_a.name == "Household A"


def test_a_partial_update_changes_only_what_it_sends(client, world, as_practitioner):
    url = f"/api/v1/families/{world.family_a.uuid}"
    etag = client.get(url, **as_practitioner)["ETag"]
    response = _patch(client, url, {"postal_code": "00000"}, as_practitioner, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    world.family_a.refresh_from_db()
    assert (world.family_a.name, world.family_a.postal_code) == ("Household A", "00000")
