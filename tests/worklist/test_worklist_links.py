"""The worklist's links: each URL name reversed once, then filled in, gives what `reverse` gives; a page
of the visits app not built yet falls back to the agreed path or the family's page."""

from __future__ import annotations

import uuid

import pytest
from django.urls import NoReverseMatch, reverse

from nestling.worklist.links import url_of, visit_schedule_url, visit_url
from nestling.worklist.selectors.worklist import worklist_read
from tests.factories.worklist import VisitFactory, VisitNoteFactory
from tests.worklist.conftest import days


def test_a_filled_in_link_is_what_reverse_gives():
    family, task, person = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert url_of("follow_up", family, task) == reverse("follow_up", args=[family, task])
    assert url_of("screening_administer", family, "caregiver", person, "phq-9") == reverse(
        "screening_administer", args=[family, "caregiver", person, "phq-9"]
    )
    # Each id lands in its own place, however alike
    assert url_of("follow_up", family, family) == reverse("follow_up", args=[family, family])


def test_an_unknown_name_is_no_link():
    with pytest.raises(NoReverseMatch):
        url_of("no_such_page", uuid.uuid4())


def test_the_visit_pages_fall_back_until_the_visits_app_names_them():
    family, visit = uuid.uuid4(), uuid.uuid4()
    schedule = visit_schedule_url(family, next_url="/worklist/?sort=family")
    assert schedule.startswith(f"/families/{family}/visits/new/?next=")
    assert "%2Fworklist%2F%3Fsort%3Dfamily" in schedule
    try:
        expected = reverse("visit_detail", args=[family, visit])
    except NoReverseMatch:
        expected = reverse("family_detail", args=[family])
    assert visit_url(family, visit) == expected


@pytest.mark.urls("tests.worklist.urls_with_visit_pages")
def test_once_the_visits_app_names_its_pages_the_worklist_links_to_them(world):
    # Given a visit three days ago with no note, one still marked scheduled, and one with a draft note
    no_note = VisitFactory(
        family=world.family_a, practitioner=world.practitioner, visit_on=days(-3), status="completed"
    )
    unrecorded = VisitFactory(family=world.family_a, practitioner=world.practitioner, visit_on=days(-4))
    drafted = VisitFactory(
        family=world.family_b, practitioner=world.practitioner, visit_on=days(-5), status="completed"
    )
    VisitNoteFactory(visit=drafted)

    # When the practitioner's worklist is read, then each links to where it is dealt with
    work = worklist_read(actor=world.practitioner, practitioner=world.practitioner)
    links = {item.url for group in work.groups for item in group.items if item.kind == "visit"}
    a, b = world.family_a.uuid, world.family_b.uuid
    assert links == {
        f"/families/{a}/visits/{no_note.uuid}/note/",
        f"/families/{a}/visits/{unrecorded.uuid}/record/",
        f"/families/{b}/visits/{drafted.uuid}/note/",
    }
    assert all(g.schedule_url == f"/families/{g.family.uuid}/visits/new/" for g in work.groups)

    # And the supervisor, who looks on, is sent to each visit's own page
    seen = worklist_read(actor=world.supervisor, practitioner=world.practitioner)
    assert f"/families/{a}/visits/{no_note.uuid}/" in {i.url for g in seen.groups for i in g.items}
