"""The RS/C log: a supervisor logs and schedules sessions; hours per month and the share of scheduled
sessions received follow; notes are read only by the people in the session."""

from __future__ import annotations

import datetime
import uuid

import pytest

from nestling.access.denials import AccessDenied
from nestling.accounts.models import Role, Supervision
from nestling.audit.models import AuditEvent
from nestling.records.errors import AlreadyClosed, RecordInvalid
from nestling.workforce.models import RscSession, RscStatus
from nestling.workforce.selectors.rsc import rsc_attendance, rsc_hours_by_month, rsc_session_read
from nestling.workforce.services.rsc import (
    SessionInput,
    rsc_session_cancel,
    rsc_session_hold,
    rsc_session_log,
)
from tests.factories.accounts import UserFactory
from tests.factories.workforce import rsc_session

TODAY = datetime.date.today()


def _given(people, *, held=True, on=None, kind="group", families=(), notes="") -> SessionInput:
    return SessionInput(
        kind=kind,
        held_on=on or TODAY,
        duration_minutes=90,
        supervisees=list(people),
        families=list(families),
        held=held,
        attended=list(people) if held else [],
        notes=notes,
    )


@pytest.fixture
def second(world):
    """A second supervisee of the supervisor."""
    person = UserFactory(organization=world.org, email="second@own.test", roles=[Role.PRACTITIONER])
    Supervision.objects.create(
        organization=world.org, supervisor=world.supervisor, supervisee=person, starts_on=TODAY
    )
    return person


def test_a_group_session_gives_each_supervisee_present_its_hours(world, second):
    # Given a group session held today for two supervisees, one of them absent
    given = _given([world.practitioner, second])
    given = SessionInput(**{**given.__dict__, "attended": [world.practitioner]})
    rsc_session_log(by=world.supervisor, given=given, client_id=uuid.uuid4())
    # Then the one there received 1.5 hours this month, the other none and missed one session
    month = f"{TODAY:%Y-%m}"
    hours = rsc_hours_by_month(people=[world.practitioner, second], since=TODAY.replace(day=1))
    assert hours[world.practitioner.pk][month] == 1.5 and second.pk not in hours
    attendance = rsc_attendance(
        people=[world.practitioner, second], since=TODAY - datetime.timedelta(days=30)
    )
    assert (attendance[world.practitioner.pk].share, attendance[second.pk].missed) == (100, 1)


def test_a_repeated_submission_logs_one_session(world):
    client_id = uuid.uuid4()
    first = rsc_session_log(by=world.supervisor, given=_given([world.practitioner]), client_id=client_id)
    again = rsc_session_log(by=world.supervisor, given=_given([world.practitioner]), client_id=client_id)
    assert first.pk == again.pk and RscSession.objects.count() == 1


def test_it_refuses_what_cannot_be_and_saves_nothing(world, second):
    with pytest.raises(RecordInvalid) as refused:
        rsc_session_log(
            by=world.supervisor,
            given=_given(
                [world.practitioner, second], kind="individual", on=TODAY + datetime.timedelta(days=1)
            ),
            client_id=None,
        )
    errors = refused.value.errors
    assert "one person" in errors["supervisees"][0] and "held_on" in errors
    # A family the supervisor does not see cannot be said to have been discussed
    with pytest.raises(RecordInvalid) as refused:
        rsc_session_log(
            by=world.supervisor, given=_given([world.practitioner], families=[world.family_c]), client_id=None
        )
    assert "serve or supervise" in refused.value.errors["families"][0]
    # Only a reflective supervisor leads a session
    with pytest.raises(AccessDenied):
        rsc_session_log(by=world.practitioner, given=_given([world.colleague]), client_id=None)
    assert not RscSession.objects.exists()


def test_a_scheduled_session_is_held_or_cancelled_once_by_its_leader(world):
    ahead = rsc_session_log(
        by=world.supervisor, given=_given([world.practitioner], held=False), client_id=None
    )
    with pytest.raises(AccessDenied):
        rsc_session_cancel(by=world.practitioner, session=ahead, version=ahead.version, reason="x")
    with pytest.raises(RecordInvalid) as refused:
        rsc_session_cancel(by=world.supervisor, session=ahead, version=ahead.version, reason=" ")
    assert "why" in refused.value.errors["reason"][0]
    cancelled = rsc_session_cancel(
        by=world.supervisor, session=ahead, version=ahead.version, reason="Snow day"
    )
    assert (cancelled.status, cancelled.cancel_reason) == (RscStatus.CANCELLED, "Snow day")
    with pytest.raises(AlreadyClosed):
        rsc_session_hold(by=world.supervisor, session=ahead, version=cancelled.version, attended=[], notes="")
    # A cancelled session counts as scheduled and not received
    attendance = rsc_attendance(people=[world.practitioner], since=TODAY - datetime.timedelta(days=1))
    assert attendance[world.practitioner.pk].missed == 1


def test_holding_a_scheduled_session_records_who_came(world):
    ahead = rsc_session_log(
        by=world.supervisor, given=_given([world.practitioner], held=False), client_id=None
    )
    held = rsc_session_hold(
        by=world.supervisor,
        session=ahead,
        version=ahead.version,
        attended=[world.practitioner],
        notes="Wondered",
    )
    assert held.status == RscStatus.HELD and held.participants.get().attended
    assert rsc_hours_by_month(people=[world.practitioner], since=TODAY.replace(day=1))[world.practitioner.pk]


def test_notes_are_read_only_by_the_people_in_the_session(world):
    session = rsc_session(world.supervisor, [world.practitioner], notes="Private reflection")
    session.families.set([world.family_a, world.family_c])
    for person in (world.practitioner, world.supervisor):
        read = rsc_session_read(actor=person, session_uuid=session.uuid)
        assert read.notes_shown
        # Family C is the colleague's: it is counted, never named
        assert [f.pk for f in read.families_shown] == [world.family_a.pk] and read.families_hidden == 1
    # A manager sees that it happened, not what was said
    read = rsc_session_read(actor=world.manager, session_uuid=session.uuid)
    assert not read.notes_shown and read.families_hidden == 0
    assert AuditEvent.objects.filter(
        category="rsc", subject_id=str(session.uuid), actor_id=world.manager.pk
    ).exists()
    # And a practitioner who was not in it does not know of it
    for person in (world.colleague, world.outsider, world.admin):
        with pytest.raises(AccessDenied):
            rsc_session_read(actor=person, session_uuid=session.uuid)


def test_the_session_page_hides_the_notes_from_a_manager_and_names_no_family_unseen(world, signed_in, client):
    session = rsc_session(world.supervisor, [world.practitioner], notes="Private reflection")
    session.families.set([world.family_a, world.family_c])
    url = f"/rsc/{session.uuid}/"
    signed_in(world.practitioner)
    page = client.get(url).content.decode()
    assert "Private reflection" in page and "Household A" in page
    assert "Household C" not in page and "a family you do not serve" in page
    client.logout()
    signed_in(world.manager)
    page = client.get(url).content.decode()
    assert "Private reflection" not in page and "read only by the people in the session" in page
    client.logout()
    signed_in(world.colleague)
    assert client.get(url).status_code == 404


def test_the_supervisor_logs_a_session_in_the_browser_form(world, signed_in, client):
    signed_in(world.supervisor)
    assert client.get("/rsc/new/").status_code == 200
    data = {
        "held": "yes",
        "kind": "individual",
        "held_on": TODAY.isoformat(),
        "duration_minutes": "60",
        "supervisees": [str(world.practitioner.pk)],
        "attended": [str(world.practitioner.pk)],
        "families": [str(world.family_a.pk)],
        "notes": "We wondered together",
        "client_id": str(uuid.uuid4()),
    }
    response = client.post("/rsc/new/", data)
    assert response.status_code == 302
    session = RscSession.objects.get()
    assert list(session.families.all()) == [world.family_a]
    # And a bad date keeps what was typed and says what is allowed
    bad = {
        **data,
        "held_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
        "client_id": str(uuid.uuid4()),
    }
    response = client.post("/rsc/new/", bad)
    assert response.status_code == 200 and "We wondered together" in response.content.decode()


def test_the_log_reads_in_a_fixed_number_of_queries_and_is_audited(
    world, second, signed_in, client, django_assert_max_num_queries
):
    rsc_session(world.supervisor, [world.practitioner])
    signed_in(world.supervisor)
    client.get("/rsc/")
    with django_assert_max_num_queries(40) as one:
        assert client.get("/rsc/").status_code == 200
    for days in range(1, 6):
        rsc_session(world.supervisor, [world.practitioner, second], days_ago=days)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/rsc/").content.decode()
    assert page.count("/rsc/") >= 6
    assert AuditEvent.objects.filter(category="rsc", subject_type="rsc_log").count() == 3
