"""The demo's care plan: goals for all three patients with progress over months, one goal met, one
reworded, a review, and the next review on the task list."""

from __future__ import annotations

from django.core.management import call_command

from nestling.plans.models import CarePlan, GoalStatus
from nestling.plans.services.plan import plan_review_tasks
from nestling.records.models import RecordChange


def test_the_demo_has_a_plan_for_all_three_patients_rated_over_months(db, capsys):
    call_command("demo")
    capsys.readouterr()
    plan = CarePlan.objects.get()
    goals = list(plan.goals.select_related("subject"))
    assert {g.subject.kind for g in goals} == {"caregiver", "child", "relationship"}
    assert any(g.status == GoalStatus.MET for g in goals)
    dates = sorted(p.rated_on for g in goals for p in g.progress.all())
    assert (dates[-1] - dates[0]).days >= 90
    assert all(g.planned_services.exists() for g in goals)
    assert plan.reviews.count() == 1
    [task] = plan_review_tasks(plan).filter(done_at__isnull=True)
    assert task.due_on == plan.review_on
    assert RecordChange.objects.filter(record_type="plans.goal", after__has_key="statement").exists()
