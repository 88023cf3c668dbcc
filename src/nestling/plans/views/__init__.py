"""The care plan's pages, one module per part: the plan and its reviews (plan.py), goals and their
progress (goals.py), and the organization's service types (service_types.py)."""

from nestling.plans.views.goals import goal_add, goal_close_view, goal_detail, goal_edit, goal_progress_add
from nestling.plans.views.plan import care_plan, plan_add, plan_edit, plan_review_add
from nestling.plans.views.service_types import service_type_edit, service_types

__all__ = [
    "care_plan",
    "goal_add",
    "goal_close_view",
    "goal_detail",
    "goal_edit",
    "goal_progress_add",
    "plan_add",
    "plan_edit",
    "plan_review_add",
    "service_type_edit",
    "service_types",
]
