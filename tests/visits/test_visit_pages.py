"""The visit pages as a practitioner uses them: forms keep what was typed on error, a clash is asked
about, the note autosaves and answers a stale version with a conflict, screens and measurements are
linked from inside the visit, and the family page and History show visits and the family's own groups."""

from __future__ import annotations

import datetime
import json

import pytest

from nestling.growth.models import Measurement
from nestling.screening.models import ScreeningResult
from nestling.visits.models import Visit, VisitNote, VisitStatus
from nestling.visits.services import visit_note_save
from tests.factories import families as make
from tests.factories.visits import GroupAttendanceFactory, GroupSessionFactory, VisitFactory, VisitNoteFactory
from tests.visits.conftest import days


@pytest.fixture
def as_practitioner(world, signed_in):
    return signed_in(world.practitioner)


def _url(household, visit=None, tail=""):
    base = f"/families/{household.family.uuid}/visits/"
    return base + (f"{visit.uuid}/" if visit else "") + tail


def _schedule_data(world, **overrides):
    data = {
        "client_id": "",
        "visit_on": days(1).isoformat(),
        "starts_at": "10:00",
        "duration_minutes": "60",
        "setting": "home",
        "place": "Home",
        "practitioner": str(world.practitioner.uuid),
        "next": "",
    }
    return data | overrides


def test_the_schedule_form_keeps_what_was_typed_when_the_length_is_refused(world, household, as_practitioner):
    response = as_practitioner.post(
        _url(household, tail="new/"), _schedule_data(world, duration_minutes="1200", place="Granny's flat")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "1200 minutes is not possible" in page
    assert 'value="Granny&#x27;s flat"' in page and 'value="1200"' in page
    assert not Visit.objects.exists()


def test_a_clash_is_shown_and_scheduling_anyway_saves(world, household, as_practitioner):
    VisitFactory(
        family=world.family_b,
        practitioner=world.practitioner,
        visit_on=days(1),
        starts_at=datetime.time(9, 30),
    )
    response = as_practitioner.post(_url(household, tail="new/"), _schedule_data(world))
    page = response.content.decode()
    assert "This overlaps another visit" in page and "Household B" in page
    assert "schedule this one anyway" in page
    response = as_practitioner.post(_url(household, tail="new/"), _schedule_data(world, confirm_clash="on"))
    assert response.status_code == 302
    assert Visit.objects.filter(family=household.family).count() == 1


def test_a_clash_with_a_family_the_scheduler_cannot_see_does_not_name_it(world, household, signed_in):
    # Given the colleague also carries family A, and has a visit to family C at that time
    make.CaseloadAssignmentFactory(family=household.family, practitioner=world.colleague)
    VisitFactory(family=world.family_c, practitioner=world.colleague, visit_on=days(1))
    # When the practitioner schedules the colleague for family A then
    client = signed_in(world.practitioner)
    response = client.post(
        _url(household, tail="new/"), _schedule_data(world, practitioner=str(world.colleague.uuid))
    )
    page = response.content.decode()
    # Then the clash is shown without family C's name
    assert "another family's visit" in page and "Household C" not in page


def test_scheduling_goes_back_to_a_page_of_nestling_only(world, household, as_practitioner):
    response = as_practitioner.post(
        _url(household, tail="new/?next=/caseload/"), _schedule_data(world, next="/caseload/")
    )
    assert response["Location"] == "/caseload/"
    response = as_practitioner.post(
        _url(household, tail="new/"),
        _schedule_data(world, next="https://elsewhere.test/", visit_on=days(3).isoformat()),
    )
    assert response["Location"].startswith(_url(household))


def test_the_record_form_keeps_the_ticks_when_a_therapy_is_refused(world, household, as_practitioner):
    visit = VisitFactory(
        family=household.family, practitioner=world.practitioner, starts_at=datetime.time(8, 0)
    )
    response = as_practitioner.post(
        _url(household, visit, "record/"),
        {
            "version": "1",
            "present": [str(household.mother.uuid), str(household.baby.uuid)],
            "others_present": "Grandmother",
            "interpreter_language": "",
            "service_emotional_support": [str(household.pair.uuid)],
            "service_child_parent_psychotherapy": [str(household.pair.uuid)],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "specialized infant mental health training and current reflective supervision" in page
    assert page.count("checked") >= 4 and 'value="Grandmother"' in page
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SCHEDULED


def test_the_visit_page_shows_the_chain_of_a_rescheduled_visit(world, household, as_practitioner):
    new = VisitFactory(family=household.family, practitioner=world.practitioner, visit_on=days(4))
    old = VisitFactory(
        family=household.family,
        practitioner=world.practitioner,
        visit_on=days(2),
        status="cancelled",
        cancelled_by="family",
        status_note="Unwell",
        rescheduled_to=new,
    )
    page = as_practitioner.get(_url(household, new)).content.decode()
    assert 'data-testid="visit-chain"' in page and f"{old.uuid}" in page


def test_the_note_form_keeps_a_too_long_part_and_says_the_limit(world, household, as_practitioner):
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, status="completed")
    long = "Long words. " * 900  # 10,800 characters
    response = as_practitioner.post(
        _url(household, visit, "note/"),
        {"version": "0", "observed": long, "offered": "Kept too", "action": "save"},
    )
    page = response.content.decode()
    assert "At most 10,000 characters: this has 10,800" in page
    assert long.strip() in page and "Kept too" in page
    assert not VisitNote.objects.exists()


def test_autosave_answers_with_the_new_version_and_a_stale_one_with_a_conflict(
    world, household, as_practitioner
):
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, status="completed")
    url = _url(household, visit, "note/autosave/")
    first = as_practitioner.post(url, {"version": "0", "observed": "They sang"})
    assert first.status_code == 200 and json.loads(first.content)["version"] == 1
    second = as_practitioner.post(url, {"version": "1", "observed": "They sang together"})
    assert json.loads(second.content)["version"] == 2
    stale = as_practitioner.post(url, {"version": "1", "observed": "Old tab"})
    assert (
        stale.status_code == 409 and "Someone else saved this note" in json.loads(stale.content)["conflict"]
    )
    too_long = as_practitioner.post(url, {"version": "2", "observed": "z" * 10_001})
    assert too_long.status_code == 400 and "10,001" in too_long.content.decode()
    assert VisitNote.objects.get(visit=visit).observed == "They sang together"


def test_a_stale_save_shows_both_versions(world, household, as_practitioner):
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, status="completed")
    visit_note_save(visit=visit, by=world.practitioner, version=0, observed="Saved elsewhere")
    visit_note_save(visit=visit, by=world.practitioner, version=1, observed="Saved elsewhere, again")
    response = as_practitioner.post(
        _url(household, visit, "note/"), {"version": "1", "observed": "Mine", "action": "save"}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Saved elsewhere, again" in page and "Mine</textarea>" in page


def test_signing_then_adding_an_addendum(world, household, as_practitioner):
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, status="completed")
    response = as_practitioner.post(
        _url(household, visit, "note/"), {"version": "0", "observed": "Calm", "action": "sign"}
    )
    assert response.status_code == 302
    page = as_practitioner.get(_url(household, visit)).content.decode()
    assert 'data-testid="signed-note"' in page and "<textarea" in page  # the addendum's, not the note's
    response = as_practitioner.post(
        _url(household, visit, "note/addenda/"), {"client_id": "", "text": "Called later: all well"}
    )
    assert response.status_code == 302
    page = as_practitioner.get(_url(household, visit)).content.decode()
    assert "Called later: all well" in page and "Calm" in page


def test_a_note_signed_meanwhile_keeps_what_was_typed_in_the_addendum_form(world, household, as_practitioner):
    visit = VisitFactory(family=household.family, practitioner=world.practitioner, status="completed")
    VisitNoteFactory(visit=visit, signed=True)
    response = as_practitioner.post(
        _url(household, visit, "note/"), {"version": "1", "observed": "My last words", "action": "save"}
    )
    assert response.status_code == 409
    assert "My last words" in response.content.decode()


def test_a_screen_given_during_the_visit_is_linked_to_it(world, household, as_practitioner):
    visit = VisitFactory(
        family=household.family, practitioner=world.practitioner, starts_at=datetime.time(8, 0)
    )
    # The screening page opened from the visit carries it to the form
    page = as_practitioner.get(
        f"/families/{household.family.uuid}/screening/?visit={visit.uuid}"
    ).content.decode()
    administer = f"/families/{household.family.uuid}/screening/caregiver/{household.mother.uuid}/phq-9/"
    assert f"{administer}?visit={visit.uuid}" in page
    form = as_practitioner.get(f"{administer}?visit={visit.uuid}").content.decode()
    assert f'name="visit" value="{visit.uuid}"' in form
    answers = {f"item_{n}": "0" for n in range(1, 10)}
    response = as_practitioner.post(
        administer,
        {
            **answers,
            "administered_on": datetime.date.today().isoformat(),
            "client_id": "",
            "visit": str(visit.uuid),
        },
    )
    assert response.status_code == 302
    assert list(visit.screenings.all()) == list(ScreeningResult.objects.all())


def test_a_screen_dated_another_day_or_for_another_family_s_visit_saves_nothing(
    world, household, as_practitioner
):
    visit = VisitFactory(
        family=household.family, practitioner=world.practitioner, starts_at=datetime.time(8, 0)
    )
    other = VisitFactory(
        family=world.family_b, practitioner=world.practitioner, starts_at=datetime.time(7, 0)
    )
    administer = f"/families/{household.family.uuid}/screening/caregiver/{household.mother.uuid}/phq-9/"
    answers = {f"item_{n}": "1" for n in range(1, 10)}
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    response = as_practitioner.post(
        administer, {**answers, "administered_on": yesterday, "client_id": "", "visit": str(visit.uuid)}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "dated the day of the visit" in page
    response = as_practitioner.post(
        administer,
        {
            **answers,
            "administered_on": datetime.date.today().isoformat(),
            "client_id": "",
            "visit": str(other.uuid),
        },
    )
    assert "not one of this family" in response.content.decode()
    assert not ScreeningResult.objects.exists()


def test_a_measurement_during_the_visit_is_linked_and_leads_back_to_it(world, household, as_practitioner):
    visit = VisitFactory(
        family=household.family, practitioner=world.practitioner, starts_at=datetime.time(8, 0)
    )
    url = f"/children/{household.baby.uuid}/growth/"
    assert (
        f'name="visit" value="{visit.uuid}"'
        in as_practitioner.get(f"{url}?visit={visit.uuid}").content.decode()
    )
    response = as_practitioner.post(
        url,
        {
            "client_id": "",
            "kind": "weight",
            "value": "7.4",
            "measured_on": datetime.date.today().isoformat(),
            "place": "home_scale",
            "note": "",
            "visit": str(visit.uuid),
        },
    )
    assert response["Location"] == _url(household, visit)
    assert list(visit.measurements.all()) == list(Measurement.objects.all())


def test_the_family_page_and_history_show_visits_and_only_the_family_s_own_group(
    world, household, as_practitioner
):
    VisitFactory(
        family=household.family, practitioner=world.practitioner, visit_on=days(3), place="Kitchen table"
    )
    held = VisitFactory(
        family=household.family, practitioner=world.practitioner, visit_on=days(-7), status="completed"
    )
    VisitNoteFactory(visit=held, signed=True)
    session = GroupSessionFactory(program=world.program, topic="Crying and calming")
    GroupAttendanceFactory(
        session=session, family=household.family, present=[household.mother], note="Maya asked about colic"
    )
    GroupAttendanceFactory(
        session=session,
        family=world.family_b,
        present=[make.CaregiverFactory(family=world.family_b, given_name="Bea")],
    )
    page = as_practitioner.get(f"/families/{household.family.uuid}/").content.decode()
    assert "Kitchen table" in page and "Note signed" in page
    assert "Crying and calming" in page and "Maya asked about colic" in page
    assert "Household B" not in page and "Bea" not in page
    history = as_practitioner.get(f"/families/{household.family.uuid}/history/").content.decode()
    assert "Visit held" in history and "signed by" in history and "Crying and calming" in history
    assert "Household B" not in history and "Bea" not in history


def test_the_schedule_form_offers_the_people_the_scheduler_works_with_not_all_the_staff(
    world, household, as_practitioner
):
    """The family's care team and the scheduler's supervisor, team and supervisees: in an organization of
    thousands the form does not list every practitioner."""
    from nestling.accounts.models import Role, Supervision
    from tests.factories.accounts import UserFactory

    teammate = UserFactory(organization=world.org, email="teammate@own.test", roles=[Role.PRACTITIONER])
    Supervision.objects.create(
        organization=world.org, supervisor=world.supervisor, supervisee=teammate, starts_on=days(-30)
    )
    page = as_practitioner.get(_url(household, tail="new/"))
    assert page.status_code == 200
    offered = {user.pk for user in page.context["form"].fields["co_practitioners"].queryset}
    assert offered == {world.practitioner.pk, world.supervisor.pk, teammate.pk}
    assert world.colleague.pk not in offered  # a practitioner of another team
