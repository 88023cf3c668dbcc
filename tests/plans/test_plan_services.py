"""The care plan's own services: made for the open episode, edited by version, reviewed, closed; the review
task on the one task list follows the plan's review date."""

from __future__ import annotations

import uuid

import pytest

from nestling.access.denials import AccessDenied
from nestling.plans.models import CarePlan, GoalStatus, PlanReview
from nestling.plans.services.goals import goal_create, goal_progress_record
from nestling.plans.services.plan import (
    care_plan_close,
    care_plan_create,
    care_plan_update,
    plan_review_record,
    plan_review_tasks,
)
from nestling.plans.task_kinds import PLAN_REVIEW
from nestling.records.errors import AlreadyClosed, RecordInvalid, StaleEdit
from nestling.records.models import RecordChange
from nestling.tasks.models import Task
from nestling.tasks.services import task_close
from tests.factories.families import EnrollmentFactory
from tests.plans.conftest import days


def _open_tasks(plan):
    return list(plan_review_tasks(plan).filter(done_at__isnull=True))


def _refusal(call, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(RecordInvalid) as refused:
        call(**kwargs)
    return refused.value.errors


# ---- Making the plan ---------------------------------------------------------------------------------


def test_a_new_plan_belongs_to_the_open_episode_and_opens_its_review_task(world, household, plan):
    # Then the plan is the episode's, and one review task is open, due on the review date
    assert plan.enrollment == household.enrollment
    [task] = _open_tasks(plan)
    assert task.kind == PLAN_REVIEW and task.due_on == plan.review_on
    assert task.family == household.family and task.source == plan
    assert task.source_link is not None and "Review the plan" in task.source_link.short


def test_a_repeated_submission_makes_one_plan_and_one_task(world, household):
    client_id = uuid.uuid4()
    values = {
        "family": household.family,
        "by": world.practitioner,
        "started_on": days(-1),
        "review_on": days(60),
    }
    first = care_plan_create(client_id=client_id, **values)
    again = care_plan_create(client_id=client_id, **values)
    assert first == again
    assert CarePlan.objects.count() == 1 and Task.objects.filter(kind=PLAN_REVIEW).count() == 1


def test_it_refuses_a_plan_without_an_open_episode(world):
    errors = _refusal(
        care_plan_create, family=world.family_a, by=world.practitioner, started_on=days(0), review_on=days(60)
    )
    assert "Enroll the family" in errors[""][0]
    assert not CarePlan.objects.exists() and not Task.objects.exists()


def test_it_refuses_a_second_open_plan_for_the_episode(world, household, plan):
    errors = _refusal(
        care_plan_create,
        family=household.family,
        by=world.practitioner,
        started_on=days(0),
        review_on=days(60),
    )
    assert "open plan already" in errors[""][0]
    assert CarePlan.objects.count() == 1


def test_a_re_enrolled_family_gets_a_new_plan_for_the_new_episode(world, household, plan):
    # Given the first episode discharged and a new one opened
    household.enrollment.discharged_on = days(-10)
    household.enrollment.discharge_reason = "moved"
    household.enrollment.save()
    care_plan_close(plan=plan, by=world.practitioner, version=plan.version, closed_on=days(-10))
    second = EnrollmentFactory(family=household.family, enrolled_on=days(-5))
    # When a plan is started again
    new = care_plan_create(
        family=household.family, by=world.practitioner, started_on=days(0), review_on=days(60)
    )
    # Then it is the new episode's
    assert new.enrollment == second and new != plan


@pytest.mark.parametrize(
    ("started", "review", "field", "says"),
    [
        (days(1), days(60), "started_on", "in the future"),
        (days(-91), days(60), "started_on", "before the enrollment"),
        (None, days(60), "started_on", "Enter the date the plan started"),
        (days(0), None, "review_on", "Enter the date to review the plan by"),
        (days(0), days(0), "review_on", "A review comes after the start"),
        (days(-10), days(-20), "review_on", "A review comes after the start"),
        (days(0), days(400), "review_on", "Review within a year"),
    ],
    ids=["future start", "before enrollment", "no start", "no review date", "same day", "before", "years"],
)
def test_it_refuses_impossible_dates_saying_what_is_allowed(world, household, started, review, field, says):
    errors = _refusal(
        care_plan_create, family=household.family, by=world.practitioner, started_on=started, review_on=review
    )
    assert any(says in message for message in errors[field]), errors
    assert not CarePlan.objects.exists()


def test_it_refuses_ten_thousand_characters_of_hopes(world, household):
    errors = _refusal(
        care_plan_create,
        family=household.family,
        by=world.practitioner,
        started_on=days(0),
        review_on=days(60),
        summary="x" * 10_000,
    )
    assert "keep it to 4000" in errors["summary"][0]


@pytest.mark.parametrize("persona", ["supervisor", "manager", "colleague", "outsider"])
def test_only_a_practitioner_carrying_the_family_makes_a_plan(world, household, persona):
    with pytest.raises(AccessDenied):
        care_plan_create(
            family=household.family, by=world.persona(persona), started_on=days(0), review_on=days(60)
        )
    assert not CarePlan.objects.exists()


# ---- Changing it -------------------------------------------------------------------------------------


def test_a_new_review_date_moves_the_open_review_task(world, household, plan):
    # When the plan's review date is brought forward
    updated = care_plan_update(plan=plan, by=world.practitioner, version=plan.version, review_on=days(10))
    # Then the same task is due then, and the move is in its history
    [task] = _open_tasks(updated)
    assert task.due_on == days(10) and task.version == 2
    assert RecordChange.objects.filter(record_uuid=task.uuid, after__due_on=days(10).isoformat()).exists()


def test_a_changed_review_date_opens_a_task_when_none_is_open(world, household, plan):
    [task] = _open_tasks(plan)
    task_close(task=task, by=world.practitioner, outcome="other", note="Synthetic: done on paper", version=1)
    updated = care_plan_update(plan=plan, by=world.practitioner, version=plan.version, review_on=days(45))
    [again] = _open_tasks(updated)
    assert again.due_on == days(45)


def test_changing_only_the_hopes_leaves_the_task_alone(world, household, plan):
    care_plan_update(plan=plan, by=world.practitioner, version=plan.version, summary="Synthetic: sleep")
    [task] = _open_tasks(plan)
    assert task.version == 1 and task.due_on == plan.review_on


def test_a_stale_edit_is_refused_naming_who_changed_what(world, household, plan):
    care_plan_update(plan=plan, by=world.practitioner, version=1, summary="Synthetic: first")
    with pytest.raises(StaleEdit) as stale:
        care_plan_update(plan=plan, by=world.practitioner, version=1, review_on=days(20))
    assert "practitioner@own.test" in stale.value.errors[""][0]
    plan.refresh_from_db()
    assert plan.review_on == days(30) and plan.summary == "Synthetic: first"
    assert _open_tasks(plan)[0].due_on == days(30)


def test_the_start_cannot_move_after_progress_already_rated(world, household, plan):
    goal = goal_create(
        plan=plan,
        by=world.practitioner,
        about=household.mother,
        statement="Synthetic: rest",
        progress_looks_like="Synthetic: sleeps more",
        review_on=days(20),
        responsible=world.practitioner,
        motivation_note="Synthetic",
    )
    goal_progress_record(goal=goal, by=world.practitioner, rated_on=days(-40), rating=2)
    errors = _refusal(
        care_plan_update, plan=plan, by=world.practitioner, version=plan.version, started_on=days(-30)
    )
    assert "the plan starts then or before" in errors["started_on"][0]


# ---- Reviewing it ------------------------------------------------------------------------------------


def test_a_review_closes_the_task_and_opens_the_next_on_the_next_date(world, household, plan):
    [first] = _open_tasks(plan)
    review = plan_review_record(
        plan=plan,
        by=world.practitioner,
        version=plan.version,
        reviewed_on=days(0),
        note="Synthetic: two goals going well",
        next_review_on=days(90),
    )
    first.refresh_from_db()
    assert first.done_at is not None and "reviewed on" in first.outcome_note
    [second] = _open_tasks(plan)
    assert second.due_on == days(90)
    plan.refresh_from_db()
    assert plan.review_on == days(90) and review.next_review_on == days(90)


@pytest.mark.parametrize(
    ("reviewed", "next_on", "note", "field", "says"),
    [
        (days(1), days(90), "Synthetic", "reviewed_on", "in the future"),
        (days(-61), days(90), "Synthetic", "reviewed_on", "before the plan began"),
        (days(0), days(0), "Synthetic", "next_review_on", "A review comes after the start"),
        (days(0), None, "Synthetic", "next_review_on", "Enter the date"),
        (days(0), days(90), "  ", "note", "Say what the review concluded"),
        (days(0), days(90), "x" * 10_000, "note", "keep it to 4000"),
    ],
    ids=["future", "before the plan", "next not after", "no next", "no note", "too long"],
)
def test_a_review_with_bad_input_is_refused_and_writes_nothing(
    world, household, plan, reviewed, next_on, note, field, says
):
    errors = _refusal(
        plan_review_record,
        plan=plan,
        by=world.practitioner,
        version=plan.version,
        reviewed_on=reviewed,
        note=note,
        next_review_on=next_on,
    )
    assert any(says in m for m in errors[field]), errors
    assert not PlanReview.objects.exists() and len(_open_tasks(plan)) == 1


def test_a_review_is_not_before_the_last_one(world, household, plan):
    plan_review_record(
        plan=plan,
        by=world.practitioner,
        version=1,
        reviewed_on=days(-5),
        note="Synthetic",
        next_review_on=days(60),
    )
    plan.refresh_from_db()
    errors = _refusal(
        plan_review_record,
        plan=plan,
        by=world.practitioner,
        version=plan.version,
        reviewed_on=days(-10),
        note="Synthetic",
        next_review_on=days(60),
    )
    assert "last reviewed on" in errors["reviewed_on"][0]


def test_a_review_of_a_plan_changed_meanwhile_is_refused_and_writes_nothing(world, household, plan):
    care_plan_update(plan=plan, by=world.practitioner, version=1, review_on=days(15))
    with pytest.raises(StaleEdit):
        plan_review_record(
            plan=plan,
            by=world.practitioner,
            version=1,
            reviewed_on=days(0),
            note="Synthetic",
            next_review_on=days(60),
        )
    assert not PlanReview.objects.exists()
    [task] = _open_tasks(plan)
    assert task.due_on == days(15)


# ---- Closing it --------------------------------------------------------------------------------------


def test_closing_the_plan_stops_its_goals_and_closes_its_review_task(world, household, plan):
    goal = goal_create(
        plan=plan,
        by=world.practitioner,
        about=household.baby,
        statement="Synthetic: settles at night",
        progress_looks_like="Synthetic: fewer wakings",
        review_on=days(20),
        responsible=world.practitioner,
        motivation_note="Synthetic",
    )
    care_plan_close(plan=plan, by=world.practitioner, version=plan.version, closed_on=days(0))
    goal.refresh_from_db()
    assert goal.status == GoalStatus.STOPPED and goal.closed_on == days(0)
    assert not _open_tasks(plan)
    with pytest.raises(AlreadyClosed):
        care_plan_close(plan=plan, by=world.practitioner, version=None, closed_on=days(0))
    # And a closed plan is not changed any more
    errors = _refusal(
        care_plan_update, plan=CarePlan.objects.get(), by=world.practitioner, version=2, summary="x"
    )
    assert "closed" in errors[""][0]
