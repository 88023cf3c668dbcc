"""What the care plan asks at a discharge: the family's open plan. Closing it closes its goals still being
worked on (as no longer pursued) and its review, on the discharge date; keeping it leaves it open, to carry
into a next episode. Registered when the app is ready."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nestling.accounts.models import User
from nestling.families.contributions import DischargeContributor, OpenItem, contribute_to_discharge
from nestling.families.models import Family
from nestling.plans.models import CarePlan, GoalStatus
from nestling.plans.services.plan import care_plan_close

PREFIX = "plan:"
CLOSING = gettext_lazy("Closed on the discharge date, with its goals still being worked on and its review.")
KEEPING = gettext_lazy("Stays open, goals and review as they are.")


def _label(plan: CarePlan, active: int) -> str:
    goals = ngettext("%(n)s goal being worked on", "%(n)s goals being worked on", active) % {"n": active}
    return _("Care plan from %(on)s (%(goals)s)") % {
        "on": date_format(plan.started_on, "j M Y"),
        "goals": goals,
    }


def open_plans(*, family: Family, on: date) -> Sequence[OpenItem]:
    """The family's open plans (one query)."""
    plans = CarePlan.objects.filter(family=family, closed_on__isnull=True).annotate(
        active=Count("goals", filter=Q(goals__status=GoalStatus.ACTIVE))
    )
    return [
        OpenItem(
            key=f"{PREFIX}{plan.uuid}", label=_label(plan, plan.active), closing=CLOSING, keeping=KEEPING
        )
        for plan in plans.order_by("started_on", "pk")
    ]


def close_plans(*, by: User, family: Family, on: date, chosen: Mapping[str, str]) -> None:
    """Close each chosen plan through the plan's own close, from the version it has now."""
    ids = [key.removeprefix(PREFIX) for key in chosen]
    for plan in CarePlan.objects.filter(family=family, closed_on__isnull=True, uuid__in=ids).select_related(
        "family"
    ):
        care_plan_close(plan=plan, by=by, version=plan.version, closed_on=on)


def register() -> None:
    contribute_to_discharge(
        DischargeContributor(
            kind="plans",
            heading=gettext_lazy("The care plan"),
            open_items=open_plans,
            close=close_plans,
        )
    )
