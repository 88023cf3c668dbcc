"""A family's history, newest first: everything that happened to the household and its people. The family
record's own entries (people, relationships, enrollment, consent, factors, edits) are here; screening,
growth and tasks contribute theirs (`families.contributions`). Each part costs a fixed number of queries.
Every entry says its sensitive category; those the reader has no grant for are left out here, in one
place, and counted, so that the page can say so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.access.hidden import LeftOut, left_out
from nestling.access.policy import shown_to
from nestling.accounts.models import User
from nestling.families.contributions import TimelineEntry, contribute_to_timeline, timeline_entries
from nestling.families.models import (
    Caregiver,
    Child,
    Consent,
    Family,
    HouseholdMembership,
    Relationship,
    RelationshipObservation,
    RiskFactor,
    ServiceLevelChange,
)
from nestling.families.selectors import visible_sensitive_categories
from nestling.records.models import RecordChange

KINDS = {
    "people": gettext_lazy("People and births"),
    "relationship": gettext_lazy("Relationships and observations"),
    "enrollment": gettext_lazy("Enrollment and service level"),
    "consent": gettext_lazy("Consent"),
    "factor": gettext_lazy("Risks and strengths"),
    "edit": gettext_lazy("Changes to the record"),
}


@dataclass(frozen=True)
class History:
    entries: list[TimelineEntry]  # newest first
    left_out: LeftOut  # entries in a category the reader has no grant for, by category
    shown_categories: frozenset[str]  # the sensitive categories of the entries shown


def family_timeline(*, user: User, family: Family, kind: str = "", person: str = "") -> History:
    """Entries of the family's history from every app, newest first, without those in a sensitive
    category the user has no grant for; `kind` and `person` (a UUID) narrow it."""
    entries = timeline_entries(actor=user, family=family)
    if kind:
        entries = [e for e in entries if e.kind == kind]
    if person:
        entries = [e for e in entries if person in e.people]
    granted = visible_sensitive_categories(user=user, family=family)
    shown = [e for e in entries if shown_to(e, granted)]
    return History(
        entries=sorted(shown, key=lambda e: e.on, reverse=True),
        left_out=left_out(entries, granted),
        shown_categories=frozenset(e.sensitive_category for e in shown) - {""},
    )


def family_record_history(*, actor: User, family: Family) -> list[TimelineEntry]:
    """The family record's own entries (eight queries), sensitive consents and factors marked."""
    entries: list[TimelineEntry] = []

    def add(on: date | None, what: str, text: str, *people: object, category: str = "") -> None:
        if on is not None:
            entries.append(TimelineEntry(on, what, text, frozenset(str(p) for p in people if p), category))

    for child in Child.objects.filter(family=family):
        if child.date_of_birth is not None:
            add(child.date_of_birth, "people", _("%(name)s was born") % {"name": child.full_name}, child.uuid)
        else:
            add(
                child.created_at.date(),
                "people",
                _("Baby expected on %(due)s") % {"due": child.due_date},
                child.uuid,
            )
    for carer in Caregiver.objects.filter(family=family):
        add(
            carer.created_at.date(),
            "people",
            _("%(name)s added as a caregiver") % {"name": carer.full_name},
            carer.uuid,
        )
    for member in HouseholdMembership.objects.filter(family=family, ends_on__isnull=False).select_related(
        "caregiver", "child"
    ):
        who = member.caregiver or member.child
        add(
            member.ends_on,
            "people",
            _("%(name)s left the household") % {"name": member.person_name},
            who and who.uuid,
        )
    for pair in Relationship.objects.filter(family=family).select_related("caregiver", "child"):
        add(
            pair.created_at.date(),
            "relationship",
            _("%(carer)s recorded as %(kind)s of %(child)s")
            % {
                "carer": pair.caregiver.full_name,
                "kind": pair.get_kind_display().lower(),
                "child": pair.child.full_name,
            },
            pair.caregiver.uuid,
            pair.child.uuid,
        )
    for note in RelationshipObservation.objects.filter(relationship__family=family).select_related(
        "relationship__caregiver", "relationship__child"
    ):
        pair = note.relationship
        add(
            note.observed_on,
            "relationship",
            f"{note.get_kind_display()}: {pair.caregiver.full_name} & {pair.child.full_name} — {note.text}",
            pair.caregiver.uuid,
            pair.child.uuid,
        )
    seen: set[int] = set()
    changes = ServiceLevelChange.objects.filter(enrollment__family=family).select_related(
        "enrollment__program"
    )
    for change in changes.order_by("changed_on", "pk"):
        episode = change.enrollment
        if episode.pk in seen:
            text = _("Service level changed to %(level)s") % {"level": change.get_level_display()}
        else:
            # The first level of an episode is its enrollment.
            seen.add(episode.pk)
            text = _("Enrolled in %(program)s (%(level)s)") % {
                "program": episode.program.name,
                "level": change.get_level_display(),
            }
            add(
                episode.discharged_on,
                "enrollment",
                _("Discharged from %(program)s: %(reason)s")
                % {"program": episode.program.name, "reason": episode.get_discharge_reason_display()},
            )
        add(change.changed_on, "enrollment", text)
    # The category each consent and factor is in, by id: their edits are in it too.
    categories: dict[str, str] = {}
    for consent in Consent.objects.filter(family=family).select_related("given_by"):
        giver = consent.given_by
        category = categories[str(consent.uuid)] = consent.sensitive_category
        add(
            consent.given_on,
            "consent",
            _("Consent given: %(kind)s") % {"kind": consent.get_kind_display()},
            giver and giver.uuid,
            category=category,
        )
        add(
            consent.revoked_on,
            "consent",
            _("Consent revoked: %(kind)s") % {"kind": consent.get_kind_display()},
            giver and giver.uuid,
            category=category,
        )
    for factor in RiskFactor.objects.filter(family=family).select_related("caregiver", "child"):
        about = factor.caregiver or factor.child
        category = categories[str(factor.uuid)] = factor.sensitive_category
        add(
            factor.noted_on,
            "factor",
            f"{factor.get_kind_display()}: {factor.description} ({factor.get_status_display().lower()})",
            about and about.uuid,
            category=category,
        )
    entries.extend(_edits(family=family, categories=categories))
    return entries


# What an edited record is called on the History page, by its history table name.
EDITED = {
    "families.family": gettext_lazy("household details"),
    "families.caregiver": gettext_lazy("a caregiver's details"),
    "families.child": gettext_lazy("a child's details"),
    "families.relationship": gettext_lazy("a relationship"),
    "families.enrollment": gettext_lazy("an enrollment"),
    "families.consent": gettext_lazy("a consent"),
    "families.riskfactor": gettext_lazy("a risk or strength"),
}


def _edits(*, family: Family, categories: dict[str, str]) -> list[TimelineEntry]:
    """Each saved change of the record, from its history table: what was changed and by whom, never the
    values; an edit of a sensitive consent or factor is in its category (`categories`, by record id).
    Closes of tasks, alerts and screens are their own apps' entries."""
    entries = []
    for change in RecordChange.objects.filter(family_uuid=family.uuid, record_type__in=EDITED).order_by("pk"):
        entries.append(
            TimelineEntry(
                timezone.localdate(change.changed_at),
                "edit",
                _("%(who)s changed %(what)s (%(fields)s)")
                % {
                    "who": change.changed_by_label or _("Someone"),
                    "what": EDITED[change.record_type],
                    "fields": ", ".join(sorted(change.after)).replace("_", " "),
                },
                frozenset({str(change.record_uuid)}),
                categories.get(str(change.record_uuid), ""),
            )
        )
    return entries


def register() -> None:
    contribute_to_timeline(family_record_history, KINDS)
