"""The read-replica router, exercised against a second PostgreSQL database standing in for a streaming
replica (the same schema, different rows, so a test can see where each read went)."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection, connections, router
from django.http import HttpResponse
from django.test import RequestFactory

from nestling.accounts.models import User
from nestling.operations import routing
from nestling.organizations.models import Organization

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a streaming replica is a PostgreSQL arrangement"
)


def _server() -> dict[str, object]:
    settings = connection.settings_dict
    return {key.lower(): settings[key] or None for key in ("HOST", "PORT", "USER", "PASSWORD")}


@pytest.fixture
def replica(transactional_db) -> Iterator[str]:
    """A second database with the primary's schema, reachable as the `replica` alias."""
    import psycopg

    name = f"nestling_replica_{uuid.uuid4().hex[:10]}"
    server = _server()
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    environment = {
        "PGHOST": str(server["host"]),
        "PGPORT": str(server["port"]),
        "PGUSER": str(server["user"]),
    }
    if server["password"]:
        environment["PGPASSWORD"] = str(server["password"])
    schema = subprocess.run(
        ["pg_dump", "--schema-only", "--no-owner", connection.settings_dict["NAME"]],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # pg_dump's psql meta-commands (\restrict …) are psql's to read, not the server's
    schema = "\n".join(line for line in schema.splitlines() if not line.startswith("\\"))
    with psycopg.connect(dbname=name, autocommit=True, **server) as copy:
        copy.execute(schema)
        copy.execute(
            "INSERT INTO public.organizations_organization (uuid, name, slug, growth_reference, created_at) "
            "VALUES (gen_random_uuid(), 'Seen only on the replica', 'replica-only', 'who', now())"
        )
    connections.databases[routing.REPLICA] = {**connection.settings_dict, "NAME": name}
    # Django's test case admits only the databases it was told of when it began; the replica is made
    # after that, so connect it here (connect() is what a first query would call).
    connections[routing.REPLICA].connect()
    token = routing._pinned.set(False)
    try:
        yield name
    finally:
        routing._pinned.reset(token)
        connections[routing.REPLICA].close()
        del connections.databases[routing.REPLICA]
        del connections[routing.REPLICA]
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _names() -> set[str]:
    return set(Organization.objects.values_list("name", flat=True))


def test_reads_go_to_the_replica_until_something_is_written(replica):
    assert router.db_for_read(Organization) == routing.REPLICA
    assert "Seen only on the replica" in _names()

    Organization.objects.create(name="Written on the primary", slug="primary-only")

    assert router.db_for_read(Organization) == routing.PRIMARY
    names = _names()
    assert "Written on the primary" in names
    assert "Seen only on the replica" not in names


def test_who_may_sign_in_and_see_is_always_read_from_the_primary(replica):
    for model in (Session, User):
        assert router.db_for_read(model) == routing.PRIMARY
    assert router.db_for_read(Organization) == routing.REPLICA
    assert not router.allow_migrate(routing.REPLICA, "families")


def test_a_session_that_wrote_reads_the_primary_on_its_next_pages(replica, settings):
    settings.REPLICA_PIN_SECONDS = 30
    seen: list[str] = []

    def page(request):
        if request.method == "POST":
            Organization.objects.create(name="Saved by the form", slug="saved")
        seen.append(router.db_for_read(Organization))
        return HttpResponse()

    middleware = routing.PinAfterWriteMiddleware(page)
    session = SessionStore()
    factory = RequestFactory()
    for method in ("get", "post", "get"):
        request = getattr(factory, method)("/")
        request.session = session
        middleware(request)
    other = factory.get("/")
    other.session = SessionStore()
    middleware(other)

    assert seen == [routing.REPLICA, routing.PRIMARY, routing.PRIMARY, routing.REPLICA]
