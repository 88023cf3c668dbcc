"""A pathway counts its steps from a date of the record: when that date is corrected, the steps move with it,
and so do the practitioner's tasks they opened — the portal and the worklist show the new days, and no task
is left on the old one."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from nestling.families.services.enrollment import enrollment_update
from nestling.families.services.people import birth_record, child_update
from nestling.pathways.definition import Pathway, Step, pathway_library
from nestling.pathways.models import FamilyPathway
from nestling.pathways.services import pathway_start
from nestling.pathways.task_kinds import PATHWAY_STEP
from nestling.tasks.models import Task
from nestling.tasks.services import task_close
from nestling.worklist.selectors.worklist import worklist_read
from tests.factories.families import ChildFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db
EXAMPLE = "pregnancy-to-three-months@1"


def _step_days(family, *, still_open: bool = False) -> list[datetime.date]:
    tasks = Task.objects.filter(family=family, kind=PATHWAY_STEP).order_by("due_on", "pk")
    return [t.due_on for t in tasks if not still_open or t.done_at is None]


def _worklist_days(world) -> list[datetime.date]:
    worklist = worklist_read(actor=world.practitioner, practitioner=world.practitioner)
    return sorted(
        item.on
        for group in worklist.groups + worklist.quiet
        for item in group.items
        if item.kind == "task" and "From pregnancy to three months" in item.text
    )


def test_correcting_a_birth_date_moves_the_portal_and_the_worklist(world, mother, as_caregiver):
    # Given a baby recorded as born 20 days ago, the family on the example pathway
    today = timezone.localdate()
    baby = ChildFactory(family=world.family_a, date_of_birth=today - timedelta(days=20))
    pathway_start(family=world.family_a, pathway_key=EXAMPLE, child=baby, by=world.practitioner)
    assert _worklist_days(world) == [today + timedelta(days=64)]  # the three-month visit
    # When the practitioner corrects the date of birth: the baby was born 10 days ago
    baby.refresh_from_db()
    born = today - timedelta(days=10)
    child_update(child=baby, by=world.practitioner, version=baby.version, date_of_birth=born)
    # Then the pathway counts from the new day
    assert FamilyPathway.objects.get(family=world.family_a).anchor_on == born
    # And the worklist has the three-month visit on its new day, and the first visit after the birth, whose
    # day had passed on the old date and is now still to come — nothing is left on an old day
    assert _worklist_days(world) == [born + timedelta(days=84)]
    assert _step_days(world.family_a) == [born + timedelta(days=84)]
    # And the portal names where she is and the next step on its new day
    page = as_caregiver(mother).get(reverse("portal_home")).content.decode()
    assert "Where you are now: Read: what your baby is telling you" in page
    next_on = date_format(born + timedelta(days=14), "j F Y")
    assert f"What comes next: Read: crying and comforting, from {next_on}" in page


def test_a_step_whose_day_comes_again_gets_its_task(world):
    # Given a baby recorded as born 20 days ago: the first visit after the birth (day 7) had passed
    today = timezone.localdate()
    baby = ChildFactory(family=world.family_a, date_of_birth=today - timedelta(days=20))
    pathway_start(family=world.family_a, pathway_key=EXAMPLE, child=baby, by=world.practitioner)
    # When the birth date is corrected to 3 days ago
    baby.refresh_from_db()
    born = today - timedelta(days=3)
    child_update(child=baby, by=world.practitioner, version=baby.version, date_of_birth=born)
    # Then the first visit after the birth is on the worklist, due on its day
    assert _worklist_days(world) == [born + timedelta(days=7), born + timedelta(days=84)]


def test_recording_a_birth_moves_what_counted_from_the_due_date(world):
    # Given a baby due in 30 days, the family on the pathway
    today = timezone.localdate()
    baby = ChildFactory(family=world.family_a, date_of_birth=None, due_date=today + timedelta(days=30))
    pathway_start(family=world.family_a, pathway_key=EXAMPLE, child=baby, by=world.practitioner)
    assert _step_days(world.family_a) == [
        today + timedelta(days=16),
        today + timedelta(days=37),
        today + timedelta(days=114),
    ]
    # When the baby is born today, a month early
    baby.refresh_from_db()
    birth_record(child=baby, by=world.practitioner, version=baby.version, date_of_birth=today)
    # Then the steps count from the birth
    assert FamilyPathway.objects.get(family=world.family_a).anchor_on == today
    assert _step_days(world.family_a) == [
        today - timedelta(days=14),  # the parents' group before the birth: now overdue, still open
        today + timedelta(days=7),
        today + timedelta(days=84),
    ]


def test_a_task_already_done_stays_as_it_was_done(world):
    today = timezone.localdate()
    baby = ChildFactory(family=world.family_a, date_of_birth=None, due_date=today + timedelta(days=20))
    pathway_start(family=world.family_a, pathway_key=EXAMPLE, child=baby, by=world.practitioner)
    group = Task.objects.filter(family=world.family_a, kind=PATHWAY_STEP).order_by("due_on").first()
    assert group is not None and group.due_on == today + timedelta(days=6)  # the parents' group
    task_close(task=group, by=world.practitioner, version=group.version, outcome="discussed", note="")
    # When the due date is corrected a week later
    baby.refresh_from_db()
    child_update(child=baby, by=world.practitioner, version=baby.version, due_date=today + timedelta(days=27))
    # Then the group's task keeps the day it was done for; the others move
    group.refresh_from_db()
    assert group.done_at is not None and group.due_on == today + timedelta(days=6)
    assert _step_days(world.family_a, still_open=True) == [
        today + timedelta(days=34),
        today + timedelta(days=111),
    ]


def test_correcting_the_enrollment_moves_a_pathway_counted_from_it(world, monkeypatch):
    # Given a program's pathway counted from the enrollment, and the family on it
    today = timezone.localdate()
    enrollment = EnrollmentFactory(family=world.family_a, enrolled_on=today - timedelta(days=5))
    counted = Pathway(
        id="from-enrollment",
        version=1,
        titles={"en": "From the first visit"},
        anchor="enrollment",
        steps=(Step(id="visit", day=10, kind="visit", for_whom="practitioner", titles={"en": "Visit"}),),
    )
    library = {**pathway_library(), counted.key: counted}
    monkeypatch.setattr("nestling.pathways.services.pathway_library", lambda: library)
    on = pathway_start(family=world.family_a, pathway_key=counted.key, by=world.practitioner)
    assert on.anchor_on == today - timedelta(days=5)
    # When the enrollment's date is corrected two days earlier
    enrollment.refresh_from_db()
    enrollment_update(
        enrollment=enrollment,
        by=world.practitioner,
        version=enrollment.version,
        enrolled_on=today - timedelta(days=7),
    )
    # Then the pathway and its task move with it
    on.refresh_from_db()
    assert on.anchor_on == today - timedelta(days=7)
    assert _step_days(world.family_a) == [today + timedelta(days=3)]
