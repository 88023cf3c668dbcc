"""The group pages: adding a session, recording a family's attendance in two steps, and what each reader
sees of the other families."""

from __future__ import annotations

import datetime

from nestling.visits.models import GroupAttendance, GroupSession
from tests.factories import families as make
from tests.factories.visits import GroupAttendanceFactory, GroupSessionFactory


def test_a_practitioner_adds_a_session_and_a_bad_length_keeps_what_was_typed(world, signed_in):
    client = signed_in(world.practitioner)
    url = f"/programs/{world.program.uuid}/groups/new/"
    data = {
        "client_id": "",
        "kind": "parents",
        "topic": "Sleep, and who gets any",
        "held_on": datetime.date.today().isoformat(),
        "starts_at": "18:30",
        "duration_minutes": "0",
        "place": "Family centre",
        "facilitators": [str(world.practitioner.uuid)],
    }
    page = client.post(url, data).content.decode()
    assert "0 minutes is not possible" in page and 'value="Sleep, and who gets any"' in page
    response = client.post(url, data | {"duration_minutes": "90"})
    assert response.status_code == 302
    assert GroupSession.objects.get().topic == "Sleep, and who gets any"


def test_attendance_is_recorded_by_choosing_a_family_then_who_came(world, signed_in):
    carer = make.CaregiverFactory(family=world.family_a, given_name="Noa")
    session = GroupSessionFactory(program=world.program, facilitators=[world.colleague])
    client = signed_in(world.practitioner)
    url = f"/groups/{session.uuid}/attendance/new/"
    chooser = client.get(url).content.decode()
    assert "Household A" in chooser and "Household B" in chooser and "Household C" not in chooser
    form = client.get(f"{url}?family={world.family_a.uuid}").content.decode()
    assert "Noa Synthetic" in form
    response = client.post(
        url,
        {
            "client_id": "",
            "family": str(world.family_a.uuid),
            "present": [str(carer.uuid)],
            "note": "First time",
        },
    )
    assert response.status_code == 302
    assert GroupAttendance.objects.get().note == "First time"
    # And a family the practitioner does not carry cannot be chosen
    assert client.get(f"{url}?family={world.family_c.uuid}").status_code == 404


def test_a_session_page_names_only_the_reader_s_families(world, signed_in):
    session = GroupSessionFactory(program=world.program, facilitators=[world.practitioner])
    GroupAttendanceFactory(
        session=session, family=world.family_a, present=[make.CaregiverFactory(family=world.family_a)]
    )
    GroupAttendanceFactory(
        session=session,
        family=world.family_c,
        present=[make.CaregiverFactory(family=world.family_c, given_name="Cleo")],
    )
    page = signed_in(world.practitioner).get(f"/groups/{session.uuid}/").content.decode()
    assert "Household A" in page
    assert "Household C" not in page and "Cleo" not in page
    assert "And 1 family whose record you do not see." in page


def test_a_supervisor_who_facilitates_sees_the_program_s_sessions_but_adds_none(world, signed_in):
    GroupSessionFactory(program=world.program, facilitators=[world.supervisor], topic="Synthetic: play")
    client = signed_in(world.supervisor)
    page = client.get(f"/programs/{world.program.uuid}/groups/").content.decode()
    assert "Synthetic: play" in page and "Add a group session" not in page
    assert client.get(f"/programs/{world.program.uuid}/groups/new/").status_code == 404
