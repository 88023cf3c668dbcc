"""A care-plan goal names the axis finding that motivated it; the goal's page and the formulation show
the link; a finding from another child, or of a category the reader may not see, is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nestling.formulation.goal_findings import finding_options, goal_finding_set, goals_motivated_by
from nestling.formulation.models import AxisTwoRelationship
from nestling.formulation.services import formulation_create
from nestling.records.errors import RecordInvalid
from tests.factories.families import ChildFactory
from tests.factories.plans import CarePlanFactory, GoalFactory
from tests.formulation.conftest import draft


@pytest.fixture
def formulated(world, toddler, diagnoser):
    return formulation_create(child=toddler.child, by=world.practitioner, draft=draft(toddler))


@pytest.fixture
def goal(world, toddler):
    return GoalFactory(
        plan=CarePlanFactory(family=world.family_a), about=toddler.mother, statement="Play together daily"
    )


def test_a_goal_names_the_axis_ii_rating_that_motivated_it_and_both_pages_show_it(
    world, client, formulated, goal, toddler
):
    rating = AxisTwoRelationship.objects.get(relationship=toddler.mother)
    assert rating in finding_options(actor=world.practitioner, goal=goal)

    link = goal_finding_set(goal=goal, by=world.practitioner, finding=rating, version=None)

    assert link is not None and link.relationship_rating == rating
    [linked] = goals_motivated_by(actor=world.practitioner, version=rating.version)
    assert linked.goal == goal and "Axis II" in linked.words
    client.force_login(world.practitioner)
    page = client.get(reverse("goal_detail", args=[world.family_a.uuid, goal.uuid])).content.decode()
    assert "Axis II" in page
    page = client.get(reverse("formulation_page", args=[toddler.child.uuid])).content.decode()
    assert "Play together daily" in page


def test_a_finding_of_another_childs_formulation_is_refused(world, formulated, toddler):
    other = ChildFactory(family=world.family_a, given_name="Ash")
    goal = GoalFactory(plan=CarePlanFactory(family=world.family_a), about=other)
    rating = AxisTwoRelationship.objects.filter(relationship=toddler.mother).get()
    with pytest.raises(RecordInvalid) as refusal:
        goal_finding_set(goal=goal, by=world.practitioner, finding=rating, version=None)
    assert "finding" in refusal.value.errors


def test_the_link_changes_by_version_and_clears(world, formulated, goal, toddler):
    diagnosis = formulated.diagnoses.get()
    rating = AxisTwoRelationship.objects.get(relationship=toddler.mother)
    first = goal_finding_set(goal=goal, by=world.practitioner, finding=rating, version=None)
    assert first is not None
    second = goal_finding_set(goal=goal, by=world.practitioner, finding=diagnosis, version=first.version)
    assert second is not None and (second.diagnosis, second.relationship_rating, second.version) == (
        diagnosis,
        None,
        2,
    )
    cleared = goal_finding_set(goal=goal, by=world.practitioner, finding=None, version=second.version)
    assert cleared is not None and cleared.finding is None
