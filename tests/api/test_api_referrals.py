"""Referrals over the API: listed and read with their statuses (a sensitive one only with a grant), made
through the page's service (its checks, its follow-up task, an Idempotency-Key making nothing twice), and
moved on with If-Match (a stale version answers 412 with the current one)."""

from __future__ import annotations

import datetime
import json

import pytest

from nestling.referrals.models import LocalService, Referral, ServiceKind
from nestling.tasks.models import Task
from tests.factories.api import bearer
from tests.factories.families import CaregiverFactory

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def mother(world):
    return CaregiverFactory(family=world.family_a, given_name="Rowan", family_name="Synthetic")


@pytest.fixture
def service(world):
    return LocalService.objects.create(
        organization=world.org, kind=ServiceKind.ADULT_MENTAL_HEALTH, name="Riverbend counselling (synthetic)"
    )


def _url(world, tail: str = "") -> str:
    return f"/api/v1/families/{world.family_a.uuid}/referrals{tail}"


def _body(mother, service, **more) -> dict[str, object]:
    return {
        "subject": str(mother.uuid),
        "service": str(service.uuid),
        "reason": "Low mood since the birth",
        "domain": "depression",
        "referred_on": (TODAY - DAY).isoformat(),
        "expected_by": (TODAY + 13 * DAY).isoformat(),
        **more,
    }


def _post(client, url, body, headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_a_referral_made_over_the_api_is_the_pages_referral(client, world, app_client, mother, service):
    # Given the practitioner's token
    auth = {"HTTP_AUTHORIZATION": bearer(app_client, user=world.practitioner)}
    headers = {**auth, "HTTP_IDEMPOTENCY_KEY": "refer-1"}
    # When they send a referral twice with the same key
    first = _post(client, _url(world), _body(mother, service, send=True), headers)
    again = _post(client, _url(world), _body(mother, service, send=True), headers)
    # Then one referral is made, sent, with its statuses, and its follow-up task on the worklist
    assert first.status_code == 201, first.content
    made = first.json()
    assert again.json()["uuid"] == made["uuid"]
    assert Referral.objects.filter(family=world.family_a).count() == 1
    assert made["status"] == "sent" and [s["status"] for s in made["statuses"]] == ["draft", "sent"]
    assert made["service"] == str(service.uuid) and made["subject"] == str(mother.uuid)
    assert first["ETag"] == f'"{made["version"]}"'
    assert Task.objects.filter(family=world.family_a, done_at__isnull=True).exists()
    # And it is listed and read
    listed = client.get(_url(world), **auth).json()
    read = client.get(_url(world, f"/{made['uuid']}"), **auth)
    assert [r["uuid"] for r in listed["items"]] == [made["uuid"]]
    assert read.status_code == 200 and read.json()["reason"] == "Low mood since the birth"


def test_a_referral_with_problems_names_every_field_and_saves_nothing(client, world, app_client, mother):
    auth = {"HTTP_AUTHORIZATION": bearer(app_client, user=world.practitioner)}
    body = {
        "subject": str(world.family_x.uuid),
        "reason": "Synthetic",
        "referred_on": (TODAY + 2 * DAY).isoformat(),
        "expected_by": TODAY.isoformat(),
        "shared": ["reason"],
    }
    response = _post(client, _url(world), body, auth)
    assert response.status_code == 422
    assert "subject" in response.json()["errors"]
    body["subject"] = str(mother.uuid)
    response = _post(client, _url(world), body, auth)
    errors = response.json()["errors"]
    assert response.status_code == 422
    assert {"service", "referred_on", "consent"} <= set(errors), errors
    assert not Referral.objects.exists()


def test_the_next_status_needs_the_version_read(client, world, app_client, mother, service):
    # Given a sent referral, read with its ETag
    auth = {"HTTP_AUTHORIZATION": bearer(app_client, user=world.practitioner)}
    made = _post(client, _url(world), _body(mother, service, send=True), auth).json()
    status_url = _url(world, f"/{made['uuid']}/status")
    received = {"status": "received", "on": TODAY.isoformat()}
    # When the status is sent without If-Match, with the version read, then again with that stale one
    blind = _post(client, status_url, received, auth)
    moved = _post(client, status_url, received, {**auth, "HTTP_IF_MATCH": f'"{made["version"]}"'})
    stale = _post(
        client,
        status_url,
        {"status": "appointment_set", "on": TODAY.isoformat()},
        {**auth, "HTTP_IF_MATCH": f'"{made["version"]}"'},
    )
    # Then the blind one is refused (428), the first moves it on, the stale one answers 412 with the current
    assert blind.status_code == 428
    assert moved.status_code == 200 and moved.json()["status"] == "received"
    assert stale.status_code == 412
    assert stale.json()["current_version"] == moved.json()["version"]
    # And an ending needs to say how it ended
    ended = _post(
        client,
        status_url,
        {"status": "family_declined", "on": TODAY.isoformat()},
        {**auth, "HTTP_IF_MATCH": f'"{moved.json()["version"]}"'},
    )
    assert ended.status_code == 422 and "note" in ended.json()["errors"]


def test_a_substance_use_referral_is_only_for_a_reader_granted_it(client, world, app_client, mother, grant):
    # Given a referral to substance-use treatment, made by someone granted substance use
    granted = grant(world.practitioner)
    auth = {"HTTP_AUTHORIZATION": bearer(app_client, user=world.practitioner)}
    body = {
        "subject": str(mother.uuid),
        "service_name": "Synthetic recovery program",
        "service_kind": "substance_use",
        "domain": "substance_use",
        "reason": "Asked for help",
        "referred_on": TODAY.isoformat(),
        "expected_by": (TODAY + 14 * DAY).isoformat(),
    }
    made = _post(client, _url(world), body, auth)
    assert made.status_code == 201, made.content
    # When the grant ends
    granted.delete()
    listed = client.get(_url(world), **auth).json()
    read = client.get(_url(world, f"/{made.json()['uuid']}"), **auth)
    moved = _post(
        client,
        _url(world, f"/{made.json()['uuid']}/status"),
        {"status": "sent", "on": TODAY.isoformat()},
        {**auth, "HTTP_IF_MATCH": '"1"'},
    )
    # Then it is not listed, and reading or moving it answers 404
    assert listed["items"] == []
    assert read.status_code == 404 and moved.status_code == 404


def test_a_token_without_the_referrals_scope_is_refused(client, world, app_client):
    auth = {"HTTP_AUTHORIZATION": bearer(app_client, user=world.practitioner, scopes={"families:read"})}
    response = client.get(_url(world), **auth)
    assert response.status_code == 403 and "referrals:read" in response.json()["detail"]


def test_the_list_reads_in_a_fixed_number_of_queries(
    client, world, app_client, mother, service, django_assert_max_num_queries
):  # the count with 4 referrals bounds the count with 10
    auth = {"HTTP_AUTHORIZATION": bearer(app_client, user=world.practitioner)}
    for n in range(4):
        _post(client, _url(world), _body(mother, service, reason=f"Synthetic {n}", send=True), auth)
    with django_assert_max_num_queries(15):
        client.get(_url(world), **auth)
    for n in range(6):
        _post(client, _url(world), _body(mother, service, reason=f"More {n}", send=True), auth)
    with django_assert_max_num_queries(15):
        assert len(client.get(_url(world), **auth).json()["items"]) == 10
