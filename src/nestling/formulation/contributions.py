"""What the formulation adds to the family page (beside each child: its formulation, or the way to make
one), to the History page (each version), and to a relationship's page (its Axis II history). Registered
when the app is ready; each reads in one query."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.access.policy import Action, can, granted_categories, shown_to
from nestling.accounts.models import User
from nestling.families.contributions import (
    FamilyParts,
    Part,
    TimelineEntry,
    contribute_to_family_page,
    contribute_to_record_page,
    contribute_to_relationship_page,
    contribute_to_timeline,
)
from nestling.families.models import Family, Relationship
from nestling.families.selectors import FamilyPage
from nestling.formulation.goal_findings import finding_words, goal_finding_of
from nestling.formulation.models import Formulation, FormulationVersion
from nestling.formulation.selectors import axis_two_history
from nestling.plans.models import Goal


def family_page_formulations(*, actor: User, family: Family, page: FamilyPage) -> FamilyParts:
    """Beside each born child, the latest formulation (version, date) or a link to make the first."""
    children = [row.child for row in page.children if row.child.date_of_birth is not None]
    latest = {f.child_id: f for f in Formulation.objects.filter(family=family, child__in=children)}
    parts = FamilyParts()
    for child in children:
        parts.about[str(child.uuid)] = [
            Part("formulation/_family_child.html", {"child": child, "formulation": latest.get(child.pk)})
        ]
    return parts


def formulation_history(*, actor: User, family: Family) -> list[TimelineEntry]:
    """Every version of every child's formulation (one query)."""
    entries = []
    rows = FormulationVersion.objects.filter(formulation__family=family).select_related("formulation__child")
    for row in rows:
        child = row.formulation.child
        what = {"name": child.full_name or _("Baby"), "n": row.number, "occasion": row.get_occasion_display()}
        text = (
            _("Formulation of %(name)s made (%(occasion)s)") % what
            if row.number == 1
            else _("Formulation of %(name)s revised: version %(n)d (%(occasion)s)") % what
        )
        entries.append(TimelineEntry(row.formulated_on, "formulation", text, frozenset({str(child.uuid)})))
    return entries


def relationship_axis_two(*, actor: User, relationship: Relationship) -> list[Part]:
    """The relationship's Axis II history, newest first."""
    return [
        Part(
            "formulation/_relationship_axis_two.html",
            {"rows": axis_two_history(actor=actor, relationship=relationship), "relationship": relationship},
        )
    ]


def goal_finding_part(*, actor: User, family: Family, record: object) -> list[Part]:
    """On a goal's page: the axis finding that motivated it, and a way to say which (two to five queries)."""
    if not isinstance(record, Goal):
        return []
    link = goal_finding_of(goal=record)
    finding = link.finding if link is not None else None
    granted = granted_categories(actor, family)
    shown = link is None or shown_to(link, granted)
    return [
        Part(
            "formulation/_goal_finding.html",
            {
                "family": family,
                "goal": record,
                "words": finding_words(finding) if finding is not None and shown else "",
                "hidden": not shown,
                "can_edit": shown and record.closed_on is None and can(actor, Action.FAMILY_EDIT, family),
            },
        )
    ]


def register() -> None:
    contribute_to_family_page(family_page_formulations)
    contribute_to_timeline(formulation_history, {"formulation": gettext_lazy("Formulation")})
    contribute_to_relationship_page(relationship_axis_two)
    contribute_to_record_page(goal_finding_part)
