"""Reads of the family record for lists and pages. Each returns in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import formats, timezone

from nestling.access.hidden import LeftOut, left_out
from nestling.access.policy import (
    Action,
    caseload_families,
    current_q,
    granted_categories,
    require,
    shown_to,
    visible_families,
)
from nestling.accounts.models import User
from nestling.families.age import completed_months
from nestling.families.age_words import ChildAgeText, child_age_text, program_rule
from nestling.families.models import (
    Caregiver,
    CaseloadAssignment,
    Child,
    Consent,
    DischargeItem,
    Enrollment,
    Family,
    HouseholdMembership,
    Relationship,
    RelationshipObservation,
    RiskFactor,
    ServiceLevelChange,
    is_discharged,
)
from nestling.families.models.risk import SensitiveCategory

SEARCH_LIMIT = 50


def active_only(families: QuerySet[Family]) -> QuerySet[Family]:
    """Of these families, those in care (an episode open) or in intake (never enrolled): the ones a
    caseload, a worklist or a week is about. A discharged family's record stays readable elsewhere."""
    episodes = Enrollment.objects.filter(family=OuterRef("pk"))
    return families.filter(Exists(episodes.filter(discharged_on__isnull=True)) | ~Exists(episodes))


def caseload_list(*, user: User, discharged: bool = False) -> QuerySet[Family]:
    """The user's current caseload, each family annotated with the user's assignment kind and start.

    The active caseload (the default) is the families in care — with an episode open — and those in
    intake, not enrolled yet. With `discharged`, the families discharged instead (enrolled once, no episode
    open now), each annotated with its last discharge date: discharge ends no caseload assignment, so the
    care team still reads their record, and finds them here."""
    mine = CaseloadAssignment.objects.filter(current_q(), practitioner=user, family=OuterRef("pk")).order_by(
        "starts_on"
    )
    episodes = Enrollment.objects.filter(family=OuterRef("pk"))
    families = caseload_families(user).annotate(
        in_care=Exists(episodes.filter(discharged_on__isnull=True)), ever_enrolled=Exists(episodes)
    )
    if discharged:
        families = families.filter(ever_enrolled=True, in_care=False).annotate(
            discharged_on=Subquery(episodes.order_by("-discharged_on").values("discharged_on")[:1])
        )
    else:
        families = families.filter(Q(in_care=True) | Q(ever_enrolled=False))
    return (
        families.select_related("program")
        .annotate(
            assignment_kind=Subquery(mine.values("kind")[:1]),
            assigned_since=Subquery(mine.values("starts_on")[:1]),
        )
        .order_by("name")
    )


def family_detail_queryset() -> QuerySet[Family]:
    """What the family page needs about the household itself: program and the current care team."""
    team = (
        CaseloadAssignment.objects.filter(current_q())
        .select_related("practitioner")
        .order_by("kind", "starts_on")
    )
    return Family.objects.select_related("program", "program__screening_schedule").prefetch_related(
        Prefetch("assignments", queryset=team, to_attr="care_team")
    )


def visible_sensitive_categories(*, user: User, family: Family | None = None) -> frozenset[str]:
    """The sensitive categories this user may see (for this family), in one query."""
    return granted_categories(user, family) & frozenset(SensitiveCategory.values)


def consent_active(
    *, family: Family, kind: str, on: date | None = None, recipient: str | None = None
) -> QuerySet[Consent]:
    """Consents of this kind in force on `on` (today): given, not expired, not revoked.

    A consent expires at the end of its expiry day and stops counting on the day it is revoked. With a
    `recipient`, only consents naming that recipient count.
    """
    on = on or timezone.localdate()
    consents = Consent.objects.filter(family=family, kind=kind, given_on__lte=on).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=on),
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=on),
    )
    if recipient is not None:
        consents = consents.filter(recipient__iexact=recipient.strip())
    return consents


@dataclass
class ChildRow:
    child: Child
    age: ChildAgeText
    relationships: list[Relationship] = field(default_factory=list)


@dataclass
class FamilyPage:
    family: Family
    caregivers: list[Caregiver]
    children: list[ChildRow]
    relationships: list[Relationship]
    enrollments: list[Enrollment]
    consents: list[Consent]
    factors: list[RiskFactor]
    members: list[HouseholdMembership]
    # The sensitive categories the reader may see here, and those of the records the page shows.
    categories: frozenset[str]
    shown_categories: frozenset[str]
    today: date
    # Consents and factors in a category the reader has no grant for: left out, and counted.
    consents_left_out: LeftOut = field(default_factory=LeftOut)
    factors_left_out: LeftOut = field(default_factory=LeftOut)
    # Enrolled once, no episode open now: off the active caseload, no screen comes due.
    discharged: bool = False


def family_page(*, user: User, family: Family, on: date | None = None) -> FamilyPage:
    """All three patients of a family at a glance, with enrollment, consent and visible factors."""
    require(user, Action.FAMILY_VIEW, family)
    today = on or timezone.localdate()
    categories = visible_sensitive_categories(user=user, family=family)
    rule = program_rule(family.program)
    caregivers = list(Caregiver.objects.filter(family=family))
    children = list(Child.objects.filter(family=family))
    relationships = list(
        Relationship.objects.filter(family=family)
        .select_related("caregiver", "child")
        .order_by("child_id", "pk")
    )
    enrollments = list(
        Enrollment.objects.filter(family=family)
        .select_related("program")
        .prefetch_related(
            Prefetch("level_changes", queryset=ServiceLevelChange.objects.order_by("changed_on", "pk")),
            Prefetch("discharge_items", queryset=DischargeItem.objects.order_by("pk")),
        )
    )
    for episode in enrollments:
        # What the discharge decided for each open item: those the reader may see, and how many not.
        items = list(episode.discharge_items.all())
        episode.closed_at_discharge = [i for i in items if i.closed and shown_to(i, categories)]  # type: ignore[attr-defined]
        episode.kept_at_discharge = [i for i in items if not i.closed and shown_to(i, categories)]  # type: ignore[attr-defined]
        episode.unseen_at_discharge = sum(1 for i in items if not shown_to(i, categories))  # type: ignore[attr-defined]
    every_consent = list(Consent.objects.filter(family=family).select_related("given_by"))
    consents = [c for c in every_consent if shown_to(c, categories)]
    every_factor = list(RiskFactor.objects.filter(family=family).select_related("caregiver", "child"))
    factors = [f for f in every_factor if shown_to(f, categories)]
    members = list(
        HouseholdMembership.objects.filter(family=family)
        .select_related("caregiver", "child")
        .order_by("-starts_on")
    )
    for caregiver in caregivers:
        born = caregiver.date_of_birth
        caregiver.age_years = (  # type: ignore[attr-defined]
            completed_months(born, today) // 12 if born is not None and born <= today else None
        )
    rows = [ChildRow(child=c, age=child_age_text(c, rule, today)) for c in children]
    by_child = {row.child.pk: row for row in rows}
    for relationship in relationships:
        by_child[relationship.child_id].relationships.append(relationship)
    for consent in consents:
        consent.is_active = (  # type: ignore[attr-defined]
            consent.given_on <= today
            and (consent.expires_on is None or consent.expires_on >= today)
            and (consent.revoked_on is None or consent.revoked_on > today)
        )
    shown = {f.sensitive_category for f in factors} | {c.sensitive_category for c in consents}
    for episode in enrollments:
        decided = [*episode.closed_at_discharge, *episode.kept_at_discharge]  # type: ignore[attr-defined]
        shown |= {i.sensitive_category for i in decided}
    return FamilyPage(
        family=family,
        caregivers=caregivers,
        children=rows,
        relationships=relationships,
        enrollments=enrollments,
        consents=consents,
        factors=factors,
        members=members,
        categories=categories,
        shown_categories=frozenset(shown - {""}),
        today=today,
        consents_left_out=left_out(every_consent, categories),
        factors_left_out=left_out(every_factor, categories),
        discharged=is_discharged(enrollments),
    )


def relationship_page(*, relationship: Relationship) -> list[RelationshipObservation]:
    """The observations of a relationship, newest first."""
    return list(relationship.observations.select_related("observer").order_by("-observed_on", "-pk"))


def parse_search_date(text: str) -> date | None:
    """A date typed in any of the active language's input formats (and ISO), or None."""
    import datetime as dt

    for fmt in ["%Y-%m-%d", *formats.get_format("DATE_INPUT_FORMATS")]:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except (ValueError, TypeError):
            continue
    return None


@dataclass
class SearchHit:
    family: Family
    children: list[Child]
    caregivers: list[Caregiver]


def family_search(*, user: User, query: str) -> list[SearchHit]:
    """Families the user may see whose name or reference, or one of whose people's name or date of birth,
    matches the query. Searches names, dates and references only: never risk factors or notes."""
    text = " ".join(query.split())[:100]
    if len(text) < 2:
        return []
    visible = visible_families(user).values("pk")
    born = parse_search_date(text)
    if born is not None:
        person_q = Q(date_of_birth=born)
        family_q = Q(pk__in=[])
    else:
        person_q = Q()
        for term in text.split():
            person_q &= Q(given_name__icontains=term) | Q(family_name__icontains=term)
        family_q = Q(name__icontains=text) | Q(reference__iexact=text)
    child_matches = Child.objects.filter(person_q, family_id__in=visible)
    caregiver_matches = Caregiver.objects.filter(person_q, family_id__in=visible)
    families = (
        Family.objects.filter(pk__in=visible)
        .filter(
            family_q
            | Q(pk__in=child_matches.values("family_id"))
            | Q(pk__in=caregiver_matches.values("family_id"))
        )
        .select_related("program")
        .prefetch_related(
            Prefetch("children", queryset=child_matches, to_attr="matched_children"),
            Prefetch("caregivers", queryset=caregiver_matches, to_attr="matched_caregivers"),
        )
        .order_by("name")[:SEARCH_LIMIT]
    )
    return [
        SearchHit(
            family=f,
            children=f.matched_children,  # type: ignore[arg-type]
            caregivers=f.matched_caregivers,  # type: ignore[arg-type]
        )
        for f in families
    ]
