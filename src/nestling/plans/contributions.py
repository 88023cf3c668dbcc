"""What the care plan adds to the family page (the open plan: its goals by patient with their latest
progress, and its review date) and to the History page (the plan made, changed and reviewed; goals set,
changed and closed; progress rated). Registered when the app is ready.

Neither shows what motivated a goal, so neither is in a sensitive category.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.access.policy import Action, can
from nestling.accounts.models import User
from nestling.families.contributions import (
    FamilyParts,
    Part,
    TimelineEntry,
    contribute_to_family_page,
    contribute_to_timeline,
)
from nestling.families.models import Family, Relationship
from nestling.families.selectors import FamilyPage
from nestling.plans.models import CarePlan, Goal, GoalProgress, GoalStatus, PlanReview
from nestling.plans.selectors import goals_queryset, plan_goals
from nestling.plans.words import patient_name
from nestling.records.history import field_label
from nestling.records.models import RecordChange


def family_page_plan(*, actor: User, family: Family, page: FamilyPage) -> FamilyParts:
    """The open care plan's goals by patient with their latest progress, and when it is to be reviewed;
    the plans of earlier episodes, closed, linked (four queries, and one more to say whether a plan can be
    started)."""
    plans = list(CarePlan.objects.filter(family=family).order_by("-started_on", "-pk"))
    plan = next((p for p in plans if p.is_open), None)
    goals = None
    if plan is not None:
        goals = plan_goals(
            plan=plan,
            categories=page.categories,
            today=page.today,
            goals=goals_queryset().filter(status=GoalStatus.ACTIVE),
        )
    has_episode = any(e.is_open for e in page.enrollments)
    return FamilyParts(
        panels=[
            Part(
                "plans/_family_panel.html",
                {
                    "family": family,
                    "plan": plan,
                    "goals": goals,
                    "earlier": [p for p in plans if not p.is_open],
                    "can_start": plan is None and has_episode and can(actor, Action.FAMILY_EDIT, family),
                    "has_episode": has_episode,
                },
            )
        ]
    )


def _people(goal: Goal) -> frozenset[str]:
    """Whom a goal concerns: its subject, and for a relationship the caregiver and the child too."""
    person = goal.subject.person
    ids = {str(goal.subject_id)}
    if isinstance(person, Relationship):
        ids |= {str(person.caregiver.uuid), str(person.child.uuid)}
    return frozenset(ids)


def plan_history(*, actor: User, family: Family) -> list[TimelineEntry]:
    """Plans made, changed and reviewed; goals set, changed and closed; progress rated (five queries)."""
    entries: list[TimelineEntry] = []
    plans = {p.pk: p for p in CarePlan.objects.filter(family=family)}
    for plan in plans.values():
        entries.append(
            TimelineEntry(
                plan.started_on,
                "plan",
                _("Care plan started"),
            )
        )
        if plan.closed_on is not None:
            entries.append(TimelineEntry(plan.closed_on, "plan", _("Care plan closed")))
    goals = {g.uuid: g for g in goals_queryset().filter(family=family)}
    for goal in goals.values():
        about = _people(goal)
        name = patient_name(goal.subject.person)
        entries.append(
            TimelineEntry(
                timezone.localdate(goal.created_at),
                "plan",
                _("Goal set for %(name)s: %(goal)s") % {"name": name, "goal": goal.statement},
                about,
            )
        )
        if goal.closed_on is not None:
            entries.append(
                TimelineEntry(
                    goal.closed_on,
                    "plan",
                    _("Goal closed (%(status)s): %(goal)s")
                    % {"status": goal.get_status_display().lower(), "goal": goal.statement},
                    about,
                )
            )
    by_id = {g.pk: g for g in goals.values()}
    for progress in GoalProgress.objects.filter(goal__family=family):
        goal = by_id[progress.goal_id]
        entries.append(
            TimelineEntry(
                progress.rated_on,
                "plan",
                _("Progress rated %(rating)s: %(goal)s")
                % {"rating": progress.get_rating_display().lower(), "goal": goal.statement},
                _people(goal),
            )
        )
    for review in PlanReview.objects.filter(plan__family=family):
        entries.append(
            TimelineEntry(
                review.reviewed_on, "plan", _("Care plan reviewed: %(note)s") % {"note": review.note}
            )
        )
    # Each saved change of a goal (its closing is said above) and of a plan: what changed, never the values.
    for change in RecordChange.objects.filter(
        family_uuid=family.uuid, record_type__in=("plans.goal", "plans.careplan")
    ).order_by("pk"):
        changed = goals.get(change.record_uuid)
        if changed is not None and "closed_on" in change.after:
            continue
        what = {
            "who": change.changed_by_label or _("Someone"),
            "fields": ", ".join(
                field_label(Goal if changed is not None else CarePlan, name)[1]
                for name in sorted(change.after)
            ),
        }
        if changed is not None:
            text = _("%(who)s changed the goal %(goal)s (%(fields)s)") % {**what, "goal": changed.statement}
        else:
            text = _("%(who)s changed the care plan (%(fields)s)") % what
        entries.append(
            TimelineEntry(
                timezone.localdate(change.changed_at),
                "plan",
                text,
                _people(changed) if changed is not None else frozenset(),
            )
        )
    return entries


def register() -> None:
    contribute_to_family_page(family_page_plan)
    contribute_to_timeline(plan_history, {"plan": gettext_lazy("Care plan")})
