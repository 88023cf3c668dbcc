"""The CSV import over HTTP: a dry run says what each household would make and every problem by line,
writing nothing; a real run makes the families, and the same file again makes nothing new; a file with a
problem writes nothing; the scope, and who may open families, decide who may send one."""

from __future__ import annotations

import datetime

from nestling.api.models import ClientKind
from nestling.families.models import Child, Family
from tests.factories.api import bearer, registered_client

BORN = (datetime.date.today() - datetime.timedelta(days=200)).isoformat()
OLDER = (datetime.date.today() - datetime.timedelta(days=900)).isoformat()
CSV = (
    "household_name,reference,caregiver_given_name,caregiver_family_name,relationship,"
    "child_given_name,child_family_name,child_date_of_birth\n"
    f"Synthetic household,S-1,Ada,Synthetic,biological_mother,Ben,Synthetic,{BORN}\n"
    f"Synthetic household,S-1,Ada,Synthetic,biological_mother,Cal,Synthetic,{OLDER}\n"
    f"Second synthetic household,S-2,Dee,Hartley,foster,Eli,Hartley,{BORN}\n"
)
BAD = (
    "household_name,child_family_name,child_date_of_birth,child_sex\n"
    f"Synthetic household,Synthetic,{BORN},female\n"
    "Synthetic household,Synthetic,02/03/2025,female\n"
    f",Synthetic,{BORN},unknown\n"
)


def _send(client, world, token, content, *, dry_run=False):
    dry = "&dry_run=true" if dry_run else ""
    return client.post(
        f"/api/v1/imports/households?program={world.program.uuid}{dry}",
        content,
        content_type="text/csv",
        HTTP_AUTHORIZATION=token,
    )


def _token(world, app_client):
    return bearer(app_client, user=world.practitioner, scopes={"import:write", "families:read"})


def test_a_dry_run_says_what_would_be_made_and_writes_nothing(client, world, app_client):
    families = Family.objects.count()
    response = _send(client, world, _token(world, app_client), CSV, dry_run=True)
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["dry_run"] is True and report["problems"] == []
    first, second = report["households"]
    assert (first["name"], first["reference"], first["created"]) == ("Synthetic household", "S-1", False)
    assert first["counts"]["children"] == 2 and second["counts"]["caregivers"] == 1
    assert Family.objects.count() == families


def test_the_real_run_makes_the_families_once(client, world, app_client):
    token = _token(world, app_client)
    made = _send(client, world, token, CSV)
    again = _send(client, world, token, CSV)
    assert made.status_code == 201, made.content
    assert made.json()["problems"] == []
    assert [h["created"] for h in made.json()["households"]] == [True, True]
    assert again.status_code == 200
    assert [h["already_imported"] for h in again.json()["households"]] == [True, True]
    assert Family.objects.filter(reference__in=["S-1", "S-2"]).count() == 2
    assert Child.objects.filter(family__reference="S-1").count() == 2


def test_a_file_with_problems_names_each_line_and_writes_nothing(client, world, app_client):
    token = _token(world, app_client)
    families = Family.objects.count()
    dry = _send(client, world, token, BAD, dry_run=True).json()
    real = _send(client, world, token, BAD)
    assert {(p["line"], "YYYY-MM-DD" in p["message"]) for p in dry["problems"]} >= {(3, True)}
    assert any(p["line"] == 4 and "household_name" in p["message"] for p in dry["problems"])
    assert real.status_code == 422
    assert {"line 3", "line 4"} <= set(real.json()["errors"])
    assert Family.objects.count() == families


def test_a_file_that_is_not_text_or_a_program_not_ours_is_refused(client, world, app_client):
    token = _token(world, app_client)
    not_text = _send(client, world, token, b"\xff\xfe\x00bad")
    other = client.post(
        f"/api/v1/imports/households?program={world.family_x.program.uuid}",
        CSV,
        content_type="text/csv",
        HTTP_AUTHORIZATION=token,
    )
    assert not_text.status_code == 422 and "UTF-8" in not_text.json()["errors"][""][0]
    assert other.status_code == 422 and "program" in other.json()["errors"]


def test_without_the_import_scope_or_the_right_to_open_families_nothing_is_imported(
    client, world, app_client
):
    without_scope = bearer(app_client, user=world.practitioner, scopes={"families:write"})
    manager = bearer(app_client, user=world.manager, scopes={"import:write"})
    integration, _secret = registered_client(
        organization_id=world.org.pk, kind=ClientKind.INTEGRATION, admin=world.admin
    )
    assert _send(client, world, without_scope, CSV).status_code == 403
    assert _send(client, world, manager, CSV).status_code == 404
    # An integration reads as a manager: it opens no family, so it imports none (see the report).
    assert _send(client, world, bearer(integration), CSV).status_code == 404
    assert not Family.objects.filter(reference__in=["S-1", "S-2"]).exists()
