"""The family page, the caseload and the History page are composed from what each app contributes.

The family record knows nothing of screening, growth or tasks: those apps register, from their
AppConfig.ready, functions that add their part —

- to the **family page**: panels above the three patients, and notes beside one person (a screen due);
- to a **caseload row**: what the family needs, and whether it needs anything at all;
- to the **History page**: entries of their own kinds;
- to a **relationship's page**: parts of their own (a relationship's Axis II history);
- to a **record's page**: parts beside one record of another app (the referrals a screen or an alert
  prompted, on the screen's and the alert's pages);
- to a **discharge**: the family's open items of their kind (tasks, scheduled visits, screens due), and
  how to close the ones the practitioner chose to close;
- to a **corrected date**: what they count from a child's birth or due date, or from an enrollment, moves
  when that date is corrected (a pathway's steps and the tasks they opened).

Each contributor reads what it needs for all the families or entries it is given in a fixed number of
queries, so the pages' query counts do not grow with the rows.

Sensitive categories: a contributor to the family page shows only what the reader's categories
(`page.categories`) allow, and says which categories it showed, so that the page audits their reads. A
History entry says its category, and the History leaves out, and counts, those the reader may not see.
An open item says its category: the discharge page counts those the reader may not see, and keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from nestling.accounts.models import User
    from nestling.families.models import Family, Relationship
    from nestling.families.selectors import FamilyPage


@dataclass(frozen=True)
class Part:
    """A piece of a page: the template that draws it and what it is given (as `part` in the template)."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class FamilyParts:
    """What the apps add to one family's page."""

    panels: list[Part] = field(default_factory=list)
    # Beside one person or relationship, by its id as text.
    about: dict[str, list[Part]] = field(default_factory=dict)
    # The sensitive categories of what these parts show (each shown category is audited as a read).
    shown_categories: set[str] = field(default_factory=set)

    def add(self, other: FamilyParts) -> None:
        self.panels.extend(other.panels)
        self.shown_categories |= other.shown_categories
        for key, parts in other.about.items():
            self.about.setdefault(key, []).extend(parts)


@dataclass(frozen=True)
class CaseloadNeeds:
    """What one app says a family on the caseload needs."""

    part: Part
    needs_attention: bool
    # Counts the caseload adds up for its summary line, by name ("overdue", "due", "alerts").
    counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str
    text: str
    people: frozenset[str] = field(default_factory=frozenset)  # ids (as text) of the people it concerns
    # The sensitive category of what it tells ("" for none): shown only to a reader granted it.
    sensitive_category: str = ""


@dataclass(frozen=True)
class OpenItem:
    """Something of the family's still open, which a discharge asks about: close it, or keep it."""

    key: str  # unique across contributors, e.g. "task:<uuid>"; what the discharge form names it by
    label: str  # what it is, in a line: a task's text and due date, a visit's day and time
    closing: str | Promise  # what closing it does ("Closed as 'the family was discharged', with the reason.")
    keeping: str | Promise  # what keeping it does ("Stays open on the task list.")
    # The sensitive category of what the label tells ("" for none): a reader without the grant is told only
    # that there is an item they may not see, which is kept.
    sensitive_category: str = ""


@dataclass(frozen=True)
class DischargeContributor:
    """One kind of open item (`kind`: "tasks"), under a heading on the discharge page.

    `open_items(*, family, on)` lists every open item of the family on the discharge date `on` (in a
    fixed number of queries); `close(*, by, family, on, chosen)` closes those chosen — `chosen` maps each
    key to the reason — through the app's own write path, inside the discharge's transaction. Access is
    the discharge's: it has checked that `by` may edit the family and see each item chosen.
    """

    kind: str
    heading: str | Promise
    open_items: Callable[..., Sequence[OpenItem]]
    close: Callable[..., None]


FamilyContributor = Callable[..., FamilyParts]  # (*, actor, family, page) -> FamilyParts
CaseloadContributor = Callable[..., Mapping[int, CaseloadNeeds]]  # (*, actor, families, on)
TimelineContributor = Callable[..., list[TimelineEntry]]  # (*, actor, family)
RelationshipContributor = Callable[..., list[Part]]  # (*, actor, relationship) -> parts of its page
RecordContributor = Callable[..., list[Part]]  # (*, actor, family, record) -> parts beside the record
# (*, by, family, what) -> None; `what` is "birth" (a child's birth or due date) or "enrollment"
DateFollower = Callable[..., None]

_family: list[FamilyContributor] = []
_caseload: list[CaseloadContributor] = []
_timeline: list[TimelineContributor] = []
_timeline_kinds: dict[str, str | Promise] = {}
_discharge: dict[str, DischargeContributor] = {}
_relationship: list[RelationshipContributor] = []
_record: list[RecordContributor] = []
_date_followers: list[DateFollower] = []


def contribute_to_family_page(contributor: FamilyContributor) -> None:
    if contributor not in _family:
        _family.append(contributor)


def contribute_to_caseload(contributor: CaseloadContributor) -> None:
    if contributor not in _caseload:
        _caseload.append(contributor)


def contribute_to_timeline(contributor: TimelineContributor, kinds: Mapping[str, str | Promise]) -> None:
    """Entries of these kinds (key: label) come from `contributor`."""
    if contributor not in _timeline:
        _timeline.append(contributor)
    _timeline_kinds.update(kinds)


def contribute_to_discharge(contributor: DischargeContributor) -> None:
    """Items of `contributor.kind` are asked about, and closed, at a discharge (one contributor a kind)."""
    _discharge[contributor.kind] = contributor


def contribute_to_relationship_page(contributor: RelationshipContributor) -> None:
    if contributor not in _relationship:
        _relationship.append(contributor)


def contribute_to_record_page(contributor: RecordContributor) -> None:
    """`contributor` adds parts to the page of one record (a screening result, a safety alert), in a
    fixed number of queries, showing only what the reader may see."""
    if contributor not in _record:
        _record.append(contributor)


def follow_corrected_dates(follower: DateFollower) -> None:
    """`follower(*, by, family, what)` moves what it derived from a date of the family's record when that
    date is corrected; it runs inside the correction's transaction, with the correction's author."""
    if follower not in _date_followers:
        _date_followers.append(follower)


def dates_corrected(*, by: User, family: Family, what: str) -> None:
    """A child's birth or due date ("birth") or an enrollment's start ("enrollment") changed."""
    for follower in _date_followers:
        follower(by=by, family=family, what=what)


def record_parts(*, actor: User, family: Family, record: object) -> list[Part]:
    """What the apps add beside one record's page, in the order they registered."""
    parts: list[Part] = []
    for contributor in _record:
        parts.extend(contributor(actor=actor, family=family, record=record))
    return parts


def relationship_parts(*, actor: User, relationship: Relationship) -> list[Part]:
    """What the apps add to one caregiver–child relationship's page, in the order they registered."""
    parts: list[Part] = []
    for contributor in _relationship:
        parts.extend(contributor(actor=actor, relationship=relationship))
    return parts


def discharge_contributors() -> list[DischargeContributor]:
    return list(_discharge.values())


def family_parts(*, actor: User, family: Family, page: FamilyPage) -> FamilyParts:
    parts = FamilyParts()
    for contributor in _family:
        parts.add(contributor(actor=actor, family=family, page=page))
    return parts


def caseload_needs(*, actor: User, families: Sequence[Family], on: date) -> dict[int, list[CaseloadNeeds]]:
    needs: dict[int, list[CaseloadNeeds]] = {family.pk: [] for family in families}
    for contributor in _caseload:
        for family_pk, need in contributor(actor=actor, families=families, on=on).items():
            needs.setdefault(family_pk, []).append(need)
    return needs


def timeline_entries(*, actor: User, family: Family) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for contributor in _timeline:
        entries.extend(contributor(actor=actor, family=family))
    return entries


def timeline_kinds() -> dict[str, str | Promise]:
    return dict(_timeline_kinds)
