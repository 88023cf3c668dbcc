"""Goals for each of the three patients, their versions, their closing, and their progress ratings."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.access.models import SensitiveGrant
from nestling.plans.models import Goal, GoalProgress, GoalStatus, PlannedService, ServiceType
from nestling.plans.selectors import active_goals
from nestling.plans.services.goals import goal_close, goal_create, goal_progress_record, goal_update
from nestling.records.errors import AlreadyClosed, RecordInvalid, StaleEdit
from nestling.records.history import changes_since
from nestling.screening.models import ScreeningResult
from tests.factories.accounts import UserFactory
from tests.factories.families import CaregiverFactory, RelationshipFactory, RiskFactorFactory
from tests.factories.organizations import OrganizationFactory
from tests.factories.screening import ScreeningResultFactory
from tests.plans.conftest import days


def _service(code: str) -> ServiceType:
    return ServiceType.objects.get(organization__isnull=True, code=code)


def _values(world, household, **overrides):
    values = {
        "by": world.practitioner,
        "about": household.pair,
        "statement": "Synthetic: Rowan and Wren enjoy a calm bath time together",
        "progress_looks_like": "Synthetic: Rowan follows Wren's lead and names her feelings",
        "review_on": days(30),
        "responsible": world.practitioner,
        "motivation_note": "Synthetic: Rowan said bath time feels like a battle",
    }
    return values | overrides


def _refusal(call, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(RecordInvalid) as refused:
        call(**kwargs)
    return refused.value.errors


def test_a_goal_for_each_of_the_three_patients(world, household, plan):
    for person in (household.mother, household.baby, household.pair):
        goal = goal_create(plan=plan, **_values(world, household, about=person))
        assert goal.subject.person == person and goal.family == household.family
    assert Goal.objects.filter(plan=plan).count() == 3


def test_a_goal_plans_services_with_how_often(world, household, plan):
    goal = goal_create(
        plan=plan,
        services=[(_service("interaction_guidance"), "every week"), (_service("emotional_support"), "")],
        **_values(world, household),
    )
    assert sorted(row.words for row in goal.planned_services.all()) == [
        "Emotional support",
        "Interaction guidance (every week)",
    ]


def test_a_repeated_submission_makes_one_goal(world, household, plan):
    client_id = uuid.uuid4()
    first = goal_create(plan=plan, client_id=client_id, **_values(world, household))
    again = goal_create(plan=plan, client_id=client_id, **_values(world, household))
    assert first == again and Goal.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"about": None}, "about", "Choose whom the goal is for"),
        ({"statement": "  "}, "statement", "Say what the goal is"),
        ({"statement": "x" * 10_000}, "statement", "keep it to 500"),
        ({"progress_looks_like": ""}, "progress_looks_like", "what progress will look like"),
        ({"review_on": None}, "review_on", "Enter the date to review the goal by"),
        ({"review_on": days(-61)}, "review_on", "A review comes after the start"),
        ({"review_on": days(500)}, "review_on", "Review within a year"),
        ({"responsible": None}, "responsible", "Say who is responsible"),
        ({"motivation_note": ""}, "motivation", "Say what led to this goal"),
        ({"caregiver_wording": "x" * 501}, "caregiver_wording", "keep it to 500"),
    ],
    ids=[
        "nobody",
        "no goal",
        "too long",
        "no progress",
        "no review",
        "before the plan",
        "years",
        "no one",
        "why",
        "long words",
    ],
)
def test_it_refuses_missing_or_impossible_values_and_writes_nothing(
    world, household, plan, overrides, field, says
):
    errors = _refusal(goal_create, plan=plan, **_values(world, household, **overrides))
    assert any(says in m for m in errors[field]), errors
    assert not Goal.objects.exists()


def test_someone_else_in_words_is_enough_to_be_responsible(world, household, plan):
    goal = goal_create(
        plan=plan, **_values(world, household, responsible=None, responsible_note="Grandma Ash")
    )
    assert goal.responsible is None and goal.responsible_note == "Grandma Ash"


def test_it_refuses_a_goal_for_someone_of_another_family(world, household, plan):
    stranger = RelationshipFactory(family=world.family_b)
    errors = _refusal(goal_create, plan=plan, **_values(world, household, about=stranger))
    assert "of this family" in errors["about"][0]
    errors = _refusal(
        goal_create, plan=plan, **_values(world, household, about=CaregiverFactory(family=world.family_x))
    )
    assert "of this family" in errors["about"][0]


def test_it_refuses_a_motivation_from_another_family(world, household, plan):
    elsewhere = ScreeningResultFactory(family=world.family_b, administered_by=world.practitioner, flags=[])
    errors = _refusal(goal_create, plan=plan, **_values(world, household, motivation=elsewhere))
    assert "of this family" in errors["motivation"][0]
    factor = RiskFactorFactory(family=world.family_b)
    errors = _refusal(goal_create, plan=plan, **_values(world, household, motivation=factor))
    assert "of this family" in errors["motivation"][0]


def test_a_screen_entered_in_error_cannot_motivate_a_goal(world, household, plan):
    result = ScreeningResultFactory(
        family=household.family,
        caregiver=household.mother,
        administered_by=world.practitioner,
        flags=[],
        entered_in_error_at=timezone.now(),
        entered_in_error_by=world.practitioner,
        entered_in_error_reason="Synthetic: wrong caregiver",
    )
    errors = _refusal(goal_create, plan=plan, **_values(world, household, motivation=result))
    assert "entered in error" in errors["motivation"][0]


def test_a_motivation_links_the_screen_factor_or_observation(world, household, plan):
    result = ScreeningResultFactory(
        family=household.family, caregiver=household.mother, administered_by=world.practitioner, flags=[]
    )
    goal = goal_create(plan=plan, **_values(world, household, motivation=result, motivation_note=""))
    assert goal.from_result == result and goal.from_factor is None


def test_a_sensitive_factor_motivates_a_goal_only_with_a_grant(world, household, plan, grant):
    factor = RiskFactorFactory(family=household.family, sensitive_category="substance_use")
    with pytest.raises(AccessDenied):
        goal_create(plan=plan, **_values(world, household, motivation=factor))
    assert not Goal.objects.exists()
    grant(world.practitioner)
    goal = goal_create(plan=plan, **_values(world, household, motivation=factor))
    assert goal.from_factor == factor


def test_it_refuses_a_responsible_person_or_a_service_of_another_organization(world, household, plan):
    other = OrganizationFactory()
    stranger = UserFactory(organization=other, roles=["practitioner"])
    errors = _refusal(goal_create, plan=plan, **_values(world, household, responsible=stranger))
    assert "your organization's staff" in errors["responsible"][0]
    theirs = ServiceType.objects.create(organization=other, code="their-own", name="Their own")
    errors = _refusal(goal_create, plan=plan, services=[(theirs, "")], **_values(world, household))
    assert "your organization offers" in errors["services"][0]


@pytest.mark.parametrize("persona", ["supervisor", "manager", "colleague", "outsider"])
def test_only_a_practitioner_carrying_the_family_sets_a_goal(world, household, plan, persona):
    with pytest.raises(AccessDenied):
        goal_create(plan=plan, **_values(world, household, by=world.persona(persona)))


# ---- Versions ----------------------------------------------------------------------------------------


def test_an_edit_keeps_what_the_goal_said_before_services_included(world, household, plan):
    goal = goal_create(
        plan=plan, services=[(_service("emotional_support"), "every visit")], **_values(world, household)
    )
    updated = goal_update(
        goal=goal,
        by=world.practitioner,
        version=1,
        statement="Synthetic: bath time with songs",
        services=[(_service("interaction_guidance"), "fortnightly")],
    )
    assert updated.version == 2
    assert [row.words for row in PlannedService.objects.filter(goal=goal)] == [
        "Interaction guidance (fortnightly)"
    ]
    said = {change.field: (change.before, change.after) for change in changes_since(goal, 1)}
    assert said["statement"][0] == "Synthetic: Rowan and Wren enjoy a calm bath time together"
    assert said["planned_services"] == (
        "Emotional support (every visit)",
        "Interaction guidance (fortnightly)",
    )


def test_a_stale_goal_edit_is_refused_and_saves_nothing(world, household, plan):
    goal = goal_create(plan=plan, **_values(world, household))
    goal_update(goal=goal, by=world.practitioner, version=1, review_on=days(20))
    with pytest.raises(StaleEdit) as stale:
        goal_update(goal=goal, by=world.practitioner, version=1, statement="Synthetic: other", services=[])
    assert "practitioner@own.test" in stale.value.errors[""][0]
    goal.refresh_from_db()
    assert goal.statement.startswith("Synthetic: Rowan") and goal.version == 2


def test_changing_whom_a_goal_is_for_moves_it_to_that_patient(world, household, plan):
    goal = goal_create(plan=plan, **_values(world, household, about=household.mother))
    updated = goal_update(goal=goal, by=world.practitioner, version=1, about=household.baby)
    assert updated.subject.person == household.baby


def test_a_hidden_motivation_cannot_be_replaced_without_the_grant(world, household, plan, grant):
    factor = RiskFactorFactory(family=household.family, sensitive_category="substance_use")
    grant(world.practitioner)
    goal = goal_create(plan=plan, **_values(world, household, motivation=factor))
    goal.refresh_from_db()
    SensitiveGrant.objects.filter(user=world.practitioner).delete()  # the grant is withdrawn
    # Editing the words keeps it; replacing it is refused
    goal_update(goal=goal, by=world.practitioner, version=1, statement="Synthetic: renamed")
    with pytest.raises(AccessDenied):
        goal_update(goal=goal, by=world.practitioner, version=2, motivation=None, motivation_note="Synthetic")
    goal.refresh_from_db()
    assert goal.from_factor == factor


# ---- Closing -----------------------------------------------------------------------------------------


def test_a_goal_closes_once_with_a_date_and_stays_on_the_plan(world, household, plan):
    goal = goal_create(plan=plan, **_values(world, household))
    closed = goal_close(goal=goal, by=world.practitioner, version=1, status=GoalStatus.MET, closed_on=days(0))
    assert closed.status == GoalStatus.MET and closed.closed_on == days(0)
    with pytest.raises(AlreadyClosed):
        goal_close(goal=goal, by=world.practitioner, version=2, status=GoalStatus.STOPPED, closed_on=days(0))
    errors = _refusal(goal_update, goal=closed, by=world.practitioner, version=2, statement="Synthetic")
    assert "closed" in errors[""][0]
    assert Goal.objects.filter(plan=plan).count() == 1


@pytest.mark.parametrize(
    ("status", "closed_on", "field", "says"),
    [
        ("active", days(0), "status", "Choose how the goal ends"),
        ("met", None, "closed_on", "Enter the date"),
        ("met", days(1), "closed_on", "in the future"),
        ("met", days(-61), "closed_on", "before the plan began"),
    ],
)
def test_closing_needs_how_and_a_possible_date(world, household, plan, status, closed_on, field, says):
    goal = goal_create(plan=plan, **_values(world, household))
    errors = _refusal(
        goal_close, goal=goal, by=world.practitioner, version=1, status=status, closed_on=closed_on
    )
    assert any(says in m for m in errors[field]), errors


def test_the_database_refuses_a_closed_goal_without_a_date(world, household, plan):
    goal = goal_create(plan=plan, **_values(world, household))
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.filter(pk=goal.pk).update(status=GoalStatus.MET)


def test_a_goal_is_not_closed_before_its_last_rating(world, household, plan):
    goal = goal_create(plan=plan, **_values(world, household))
    goal_progress_record(goal=goal, by=world.practitioner, rated_on=days(-3), rating=4)
    errors = _refusal(
        goal_close, goal=goal, by=world.practitioner, version=1, status="met", closed_on=days(-5)
    )
    assert "Progress was rated on" in errors["closed_on"][0]


# ---- Progress ----------------------------------------------------------------------------------------


def test_progress_is_rated_on_the_scale_with_a_note(world, household, plan):
    goal = goal_create(plan=plan, **_values(world, household))
    rating = goal_progress_record(
        goal=goal, by=world.practitioner, rated_on=days(-1), rating=2, note="Synthetic: calmer"
    )
    assert rating.get_rating_display() == "Early steps" and rating.rated_by == world.practitioner


@pytest.mark.parametrize(
    ("rated_on", "rating", "note", "field", "says"),
    [
        (days(1), 3, "", "rated_on", "in the future"),
        (days(-61), 3, "", "rated_on", "before the plan began"),
        (None, 3, "", "rated_on", "Enter the date"),
        (days(0), 0, "", "rating", "Choose a point on the scale"),
        (days(0), 6, "", "rating", "Choose a point on the scale"),
        (days(0), None, "", "rating", "Choose a point on the scale"),
        (days(0), 3, "x" * 10_000, "note", "keep it to 2000"),
    ],
    ids=["future", "before the plan", "no date", "zero", "six", "none", "too long"],
)
def test_a_rating_with_bad_input_is_refused(world, household, plan, rated_on, rating, note, field, says):
    goal = goal_create(plan=plan, **_values(world, household))
    errors = _refusal(
        goal_progress_record, goal=goal, by=world.practitioner, rated_on=rated_on, rating=rating, note=note
    )
    assert any(says in m for m in errors[field]), errors
    assert not GoalProgress.objects.exists()


def test_a_rating_is_not_after_the_goal_closed(world, household, plan):
    goal = goal_create(plan=plan, **_values(world, household))
    goal = goal_close(goal=goal, by=world.practitioner, version=1, status="met", closed_on=days(-5))
    errors = _refusal(goal_progress_record, goal=goal, by=world.practitioner, rated_on=days(-2), rating=5)
    assert "The goal was closed on" in errors["rated_on"][0]
    goal_progress_record(goal=goal, by=world.practitioner, rated_on=days(-6), rating=5)


def test_a_repeated_rating_submission_makes_one_rating(world, household, plan):
    goal = goal_create(plan=plan, **_values(world, household))
    client_id = uuid.uuid4()
    for _ in range(2):
        goal_progress_record(
            goal=goal, by=world.practitioner, rated_on=days(0), rating=3, client_id=client_id
        )
    assert GoalProgress.objects.count() == 1


def test_only_a_practitioner_carrying_the_family_rates_progress(world, household, plan):
    goal = goal_create(plan=plan, **_values(world, household))
    with pytest.raises(AccessDenied):
        goal_progress_record(goal=goal, by=world.supervisor, rated_on=days(0), rating=3)


def test_an_edit_does_not_judge_again_what_it_leaves_as_it_was(world, household, plan):
    # Given a goal whose responsible colleague has left and whose screen was since entered in error
    result = ScreeningResultFactory(
        family=household.family, caregiver=household.mother, administered_by=world.practitioner, flags=[]
    )
    goal = goal_create(plan=plan, **_values(world, household, responsible=world.colleague, motivation=result))
    world.colleague.is_active = False
    world.colleague.save()
    ScreeningResult.objects.filter(pk=result.pk).update(
        entered_in_error_at=timezone.now(),
        entered_in_error_by=world.practitioner,
        entered_in_error_reason="Synthetic: wrong form",
    )
    goal.refresh_from_db()
    # When its words are changed, they are saved; choosing them anew would be refused
    updated = goal_update(goal=goal, by=world.practitioner, version=1, statement="Synthetic: reworded")
    assert updated.statement == "Synthetic: reworded" and updated.responsible == world.colleague
    errors = _refusal(goal_create, plan=plan, **_values(world, household, responsible=world.colleague))
    assert "your organization's staff" in errors["responsible"][0]


def test_the_goals_still_being_worked_on_are_offered_to_a_visit(world, household, plan):
    working = goal_create(plan=plan, **_values(world, household))
    met = goal_create(plan=plan, **_values(world, household, about=household.baby))
    goal_close(goal=met, by=world.practitioner, version=1, status="met", closed_on=days(0))
    assert active_goals(family=household.family) == [working]
