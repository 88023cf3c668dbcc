"""Pathways: versioned data read and checked as a whole; a family put on one gets the practitioner's steps
as tasks on the worklist and the caregiver sees where they are, what comes next and what to read."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from nestling.pathways.definition import PathwayInvalid, pathway_library, pathway_read
from nestling.pathways.materials import material_get, material_render, material_slugs
from nestling.pathways.services import pathway_start
from nestling.pathways.task_kinds import PATHWAY_STEP
from nestling.records.errors import RecordInvalid
from nestling.tasks.models import Task
from tests.factories.families import ChildFactory

EXAMPLE = "pregnancy-to-three-months@1"


def test_the_example_pathway_names_only_materials_that_exist_in_english():
    pathway = pathway_library()[EXAMPLE]
    for step in pathway.steps:
        if step.kind == "material":
            assert step.material in material_slugs(), step.id
        assert {"en", "es", "nl"} <= set(step.titles), step.id


def test_a_definition_with_several_problems_names_them_all():
    raw = {
        "id": "x",
        "version": 1,
        "title": {"en": "X"},
        "anchor": "moon",
        "steps": [
            {"id": "a", "day": "soon", "kind": "material", "for": "caregiver", "title": {"en": "A"}},
            {"id": "a", "day": 1, "kind": "dance", "for": "everyone", "title": {}},
        ],
    }
    with pytest.raises(PathwayInvalid) as invalid:
        pathway_read(json.dumps(raw))
    text = str(invalid.value)
    for problem in (
        "anchor must be",
        "day must be",
        "names its material",
        "used twice",
        "kind must be",
        "for must be",
        "English text",
    ):
        assert problem in text


def test_a_material_cannot_carry_a_script_or_a_style_into_the_page():
    html = material_render('Hi <script>alert(1)</script> <b style="color:red">x</b> [a](javascript:alert(1))')
    # Raw HTML is shown as text, never as markup; a javascript: link is no link
    assert "<script" not in html and "<b " not in html and 'href="javascript' not in html


def test_every_material_has_a_title_and_a_reviewed_date_and_falls_back_to_english():
    for slug in material_slugs():
        material = material_get(slug, "nl")
        assert material is not None and material.title and material.reviewed_on <= datetime.date.today()
    assert material_get("../../settings", "en") is None


@pytest.mark.django_db
def test_putting_a_family_on_the_pathway_opens_the_practitioners_steps_from_today_as_tasks(world):
    # Given a baby due in 10 weeks
    due = timezone.localdate() + datetime.timedelta(weeks=10)
    baby = ChildFactory(family=world.family_a, date_of_birth=None, due_date=due)
    # When the practitioner puts the family on the example pathway
    on = pathway_start(family=world.family_a, pathway_key=EXAMPLE, child=baby, by=world.practitioner)
    # Then its days count from the due date, and each practitioner step from today on is a task
    assert on.anchor_on == due
    tasks = Task.objects.filter(family=world.family_a, kind=PATHWAY_STEP).order_by("due_on")
    assert [t.due_on for t in tasks] == [
        due - datetime.timedelta(days=14),
        due + datetime.timedelta(days=7),
        due + datetime.timedelta(days=84),
    ]
    assert all(t.assignee == world.practitioner for t in tasks)
    # And the family cannot be put on it twice
    with pytest.raises(RecordInvalid):
        pathway_start(family=world.family_a, pathway_key=EXAMPLE, child=baby, by=world.practitioner)


@pytest.mark.django_db
def test_a_colleague_without_the_family_cannot_put_it_on_a_pathway(world, client):
    from nestling.access.denials import AccessDenied

    baby = ChildFactory(family=world.family_a)
    with pytest.raises(AccessDenied):
        pathway_start(family=world.family_a, pathway_key=EXAMPLE, child=baby, by=world.colleague)


@pytest.mark.django_db
def test_the_caregiver_sees_where_she_is_what_comes_next_and_what_to_read(world, mother, as_caregiver):
    # Given a baby born three weeks ago and the family on the pathway
    baby = ChildFactory(
        family=world.family_a, date_of_birth=timezone.localdate() - datetime.timedelta(weeks=3)
    )
    pathway_start(family=world.family_a, pathway_key=EXAMPLE, child=baby, by=world.practitioner)
    client = as_caregiver(mother)
    # When she opens her portal
    page = client.get(reverse("portal_home")).content.decode()
    # Then the step reached, the next one and the materials reached so far are there
    assert "Where you are now: Read: crying and comforting" in page
    assert "What comes next: Fill in: how you have been feeling since the birth" in page
    assert "Crying and comforting" in page and "Getting to know your baby before birth" in page
    assert "Being a good enough parent" not in page  # not reached yet
    # And she reads one, audited
    material = client.get(reverse("portal_material", args=["crying-and-comforting"]))
    assert material.status_code == 200 and "Never shake a baby" in material.content.decode()
