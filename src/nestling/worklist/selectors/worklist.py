"""The worklist: everything due across one practitioner's caseload, grouped by household — screens due and
overdue, open safety alerts, open tasks of every kind, visits to document — with each household's next
visit. It costs a fixed number of queries whatever the number of families and items."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import (
    Action,
    caseload_families,
    granted_categories_by_family,
    require,
    require_caseload_of,
    roles_of,
    visibility_q,
)
from nestling.accounts.models import Role, User
from nestling.families.models import Caregiver, Child, Family, Relationship, subject_kind
from nestling.families.selectors import active_only
from nestling.screening.attention import DueFor, caseload_attention
from nestling.screening.models import ScreeningResult
from nestling.screening.sensitivity import instrument_category
from nestling.tasks.models import Task
from nestling.visits.models import NoteStatus, Visit, VisitNote, VisitStatus
from nestling.worklist.items import FamilyGroup, Sort, Urgency, WorkItem, sort_groups, urgency_by_date
from nestling.worklist.links import (
    VISIT_NOTE,
    VISIT_PAGE,
    VISIT_RECORD,
    url_of,
    visit_schedule_url,
    visit_url,
)
from nestling.worklist.week import Slot, late_to_document


@dataclass
class Worklist:
    """One practitioner's worklist as one reader sees it."""

    practitioner: User
    on: date
    sort: Sort
    groups: list[FamilyGroup]  # households with something to do
    quiet: list[FamilyGroup]  # households with nothing to do today (their next visit only)
    families: list[Family]  # every household read
    # Items in a sensitive category the reader has no grant for: left out, and counted.
    hidden: int = 0
    # The sensitive categories of the items shown, by family pk (each one a read to audit).
    shown_categories: dict[int, set[str]] = field(default_factory=dict)

    def total(self, urgency: Urgency) -> int:
        return sum(group.count(urgency) for group in self.groups)

    @property
    def overdue(self) -> int:
        return self.total(Urgency.OVERDUE)

    @property
    def alerts(self) -> int:
        return self.total(Urgency.ALERT)

    @property
    def due_soon(self) -> int:
        return self.total(Urgency.DUE_SOON)

    @property
    def later(self) -> int:
        return self.total(Urgency.LATER)


def caseload_read(*, actor: User, practitioner: User) -> list[Family]:
    """The practitioner's current caseload as far as the actor may see it (their own, or a supervisee's),
    by name, with each family's program."""
    require(actor, Action.CASELOAD_VIEW)
    require_caseload_of(actor, practitioner)
    visible = visibility_q(actor)
    if visible is None:
        return []
    return list(
        active_only(caseload_families(practitioner).filter(visible))
        .select_related("program")
        .order_by("name", "pk")
    )


def _day(on: date) -> str:
    return date_format(on, "j M Y")


def _names(family_ids: list[int]) -> dict[UUID, str]:
    """The name of every caregiver, child and relationship of these families, by id (three queries)."""
    caregivers = {
        c.pk: c
        for c in Caregiver.objects.filter(family_id__in=family_ids).only("uuid", "given_name", "family_name")
    }
    children = {
        c.pk: c
        for c in Child.objects.filter(family_id__in=family_ids).only("uuid", "given_name", "family_name")
    }
    names: dict[UUID, str] = {c.uuid: c.full_name for c in caregivers.values()}
    names.update({c.uuid: c.full_name for c in children.values()})
    for uuid, caregiver_id, child_id in Relationship.objects.filter(family_id__in=family_ids).values_list(
        "uuid", "caregiver_id", "child_id"
    ):
        if caregiver_id in caregivers and child_id in children:
            names[uuid] = f"{caregivers[caregiver_id].full_name} & {children[child_id].full_name}"
    return names


@dataclass
class _Reading:
    """What is read for the worklist's families, and who reads it."""

    actor: User
    families: dict[int, Family]
    granted: dict[int, frozenset[str]]
    names: dict[UUID, str]
    today: date
    may_act: bool  # the reader carries these families and deals with the items themselves
    items: dict[int, list[WorkItem]] = field(default_factory=dict)
    shown: dict[int, set[str]] = field(default_factory=dict)
    hidden: int = 0

    def allows(self, family_id: int, category: str) -> bool:
        """Whether an item of this sensitive category ("" for none) is shown; counts it if not."""
        if not category:
            return True
        if category in self.granted.get(family_id, frozenset()):
            self.shown.setdefault(family_id, set()).add(category)
            return True
        self.hidden += 1
        return False

    def add(self, family_id: int, item: WorkItem) -> None:
        self.items.setdefault(family_id, []).append(item)


def _due_words(urgency: Urgency, on: date) -> str:
    if urgency == Urgency.OVERDUE:
        return _("was due by %(day)s") % {"day": _day(on)}
    return _("due by %(day)s") % {"day": _day(on)}


def _screen_item(reading: _Reading, family: Family, due: DueFor) -> WorkItem:
    screen, person = due.screen, due.person
    urgency = Urgency.OVERDUE if screen.status == "overdue" else Urgency.DUE_SOON
    if reading.may_act:
        url = url_of(
            "screening_administer", family.uuid, subject_kind(person), person.uuid, screen.definition.id
        )
        action = _("Give the screen")
    else:
        url, action = url_of("family_screening", family.uuid), _("See the family's screening")
    return WorkItem(
        kind="screen",
        urgency=urgency,
        on=screen.window.due_by,
        label=_("Screen overdue") if urgency == Urgency.OVERDUE else _("Screen due"),
        text=screen.short_name,
        when=_due_words(urgency, screen.window.due_by),
        about=reading.names.get(person.uuid, ""),
        url=url,
        action=action,
    )


def _screens_and_alerts(reading: _Reading) -> None:
    """Screens due and overdue and open safety alerts, as the caseload computes them (eight queries), and
    one more for the person each alert is about."""
    families = list(reading.families.values())
    attention = caseload_attention(families=families, on=reading.today)
    alerts = [alert for needs in attention.values() for alert in needs.open_alerts]
    about = dict(
        ScreeningResult.objects.filter(pk__in=[a.result_id for a in alerts]).values_list("pk", "subject_id")
    )
    for family in families:
        needs = attention[family.pk]
        for due in needs.due:
            if reading.allows(family.pk, instrument_category(due.screen.rule.instrument)):
                reading.add(family.pk, _screen_item(reading, family, due))
        # An alert names no instrument and reaches whoever carries the family, grant or not.
        for alert in needs.open_alerts:
            reading.add(
                family.pk,
                WorkItem(
                    kind="alert",
                    urgency=Urgency.ALERT,
                    on=timezone.localdate(alert.raised_at),
                    label=_("Urgent safety alert"),
                    text=_("%(kind)s: not answered yet") % {"kind": alert.get_kind_display()},
                    when=_("raised %(day)s") % {"day": _day(timezone.localdate(alert.raised_at))},
                    about=reading.names.get(about[alert.result_id], "") if alert.result_id in about else "",
                    url=url_of("safety_alert", family.uuid, alert.uuid),
                    action=_("Respond to the alert") if reading.may_act else _("See the alert"),
                ),
            )


def _tasks(reading: _Reading, practitioner: User) -> None:
    """Every open task of the families, of every kind (one query, and one per kind of source)."""
    tasks = (
        Task.objects.filter(family_id__in=list(reading.families), done_at__isnull=True)
        .select_related("assignee")
        .prefetch_related("source")
        .order_by("due_on", "pk")
    )
    for task in tasks:
        task.family = reading.families[task.family_id]  # loaded already: the links need its id
        if not reading.allows(task.family_id, task.sensitive_category):
            continue
        text = task.text
        if task.assignee is not None and task.assignee_id != practitioner.pk:
            text = _("%(text)s (assigned to %(name)s)") % {"text": text, "name": task.assignee.display_name}
        link = task.source_link
        urgency = urgency_by_date(task.due_on, reading.today)
        reading.add(
            task.family_id,
            WorkItem(
                kind="task",
                urgency=urgency,
                on=task.due_on,
                label=task.kind_label,
                text=text,
                when=_due_words(urgency, task.due_on),
                about=reading.names.get(task.subject_id, "") if task.subject_id else "",
                url=url_of("follow_up", task.family.uuid, task.uuid),
                action=_("Record what was done") if reading.may_act else _("See the task"),
                source_url=link.url if link else "",
                source_label=link.label if link else "",
            ),
        )


def _visit_item(visit: Visit, family: Family, may_act: bool) -> WorkItem:
    """A visit still to document: its words, and the page where that is done (the visit's own page for a
    reader who only looks)."""
    what = {"setting": visit.get_setting_display().lower(), "day": _day(visit.visit_on)}
    if visit.status == VisitStatus.SCHEDULED:
        label, page = _("Visit to record"), VISIT_RECORD
        text = _("The visit of %(day)s (%(setting)s) is still marked scheduled") % what
        action = _("Record how it went")
    elif getattr(visit, "has_note", False):
        label, page = _("Note to sign"), VISIT_NOTE
        text = _("The note of the visit of %(day)s (%(setting)s) is still a draft") % what
        action = _("Finish and sign the note")
    else:
        label, page = _("Visit to document"), VISIT_NOTE
        text = _("The visit of %(day)s (%(setting)s) has no note yet") % what
        action = _("Write the note")
    return WorkItem(
        kind="visit",
        urgency=Urgency.OVERDUE,
        on=visit.visit_on,
        label=label,
        text=text,
        when="",
        about="",
        url=visit_url(family.uuid, visit.uuid, page=page if may_act else VISIT_PAGE),
        action=action if may_act else _("See the visit"),
    )


def visits_to_document(*, practitioner: User, family_ids: Iterable[int], now: datetime) -> list[Visit]:
    """The practitioner's visits to these families whose note is missing or unsigned a day after the visit
    ended, or still marked scheduled a day after it should have ended (one query). `now` is naive local
    time."""
    visits = (
        Visit.objects.filter(
            family_id__in=list(family_ids),
            practitioner=practitioner,
            visit_on__lt=now.date(),  # a visit today cannot be a day past its end yet
            status__in=[VisitStatus.COMPLETED, VisitStatus.SCHEDULED],
        )
        .exclude(note__status=NoteStatus.SIGNED)
        .annotate(has_note=Exists(VisitNote.objects.filter(visit=OuterRef("pk"))))
        .order_by("visit_on", "starts_at", "pk")
    )
    return [
        visit
        for visit in visits
        if late_to_document(Slot(visit.pk, visit.visit_on, visit.starts_at, visit.duration_minutes), now)
    ]


def _next_words(visit: Visit | None, practitioner: User) -> str:
    if visit is None:
        return _("No visit scheduled")
    facts = {
        "day": date_format(visit.visit_on, "D j M"),
        "time": visit.starts_at.strftime("%H:%M"),
        "setting": visit.get_setting_display().lower(),
        "name": visit.practitioner.display_name,
    }
    if visit.practitioner_id != practitioner.pk:
        return _("Next visit %(day)s, %(time)s, %(setting)s (with %(name)s)") % facts
    return _("Next visit %(day)s, %(time)s, %(setting)s") % facts


def next_visits(*, family_ids: Iterable[int], on: date) -> dict[int, Visit]:
    """Each family's next scheduled visit from `on`, with its practitioner (one query)."""
    first = Window(
        RowNumber(), partition_by=[F("family_id")], order_by=[F("visit_on"), F("starts_at"), F("pk")]
    )
    rows = (
        Visit.objects.filter(family_id__in=list(family_ids), status=VisitStatus.SCHEDULED, visit_on__gte=on)
        .annotate(place_in_line=first)
        .filter(place_in_line=1)
        .select_related("practitioner")
    )
    return {visit.family_id: visit for visit in rows}


def worklist_read(
    *,
    actor: User,
    practitioner: User,
    on: date | None = None,
    now: datetime | None = None,
    sort: Sort = Sort.URGENCY,
    back: str = "",
) -> Worklist:
    """The practitioner's worklist as the actor sees it (their own, or a supervisee's): one group per
    household with every member's items, most urgent first as `sort` says, and its next visit. Items in
    a sensitive category the actor has no grant for are left out and counted. `now` is naive local
    time; `back` is where the scheduling form returns to."""
    families = caseload_read(actor=actor, practitioner=practitioner)
    today = on or timezone.localdate()
    moment = now or timezone.localtime().replace(tzinfo=None)
    ids = [family.pk for family in families]
    reading = _Reading(
        actor=actor,
        families={family.pk: family for family in families},
        granted=granted_categories_by_family(actor, ids) if ids else {},
        names=_names(ids) if ids else {},
        today=today,
        may_act=actor.pk == practitioner.pk and Role.PRACTITIONER in roles_of(actor),
    )
    if ids:
        _screens_and_alerts(reading)
        _tasks(reading, practitioner)
        for visit in visits_to_document(practitioner=practitioner, family_ids=ids, now=moment):
            family = reading.families[visit.family_id]
            reading.add(visit.family_id, _visit_item(visit, family, reading.may_act))
    upcoming = next_visits(family_ids=ids, on=today) if ids else {}
    groups: list[FamilyGroup] = []
    quiet: list[FamilyGroup] = []
    for family in families:
        group = FamilyGroup(
            family=family,
            name=family.name,
            items=reading.items.get(family.pk, []),
            next_visit=upcoming.get(family.pk),
            next_words=_next_words(upcoming.get(family.pk), practitioner),
            schedule_url=visit_schedule_url(family.uuid, next_url=back),
        )
        (groups if group.items else quiet).append(group)
    return Worklist(
        practitioner=practitioner,
        on=today,
        sort=sort,
        groups=sort_groups(groups, sort),
        quiet=quiet,
        families=families,
        hidden=reading.hidden,
        shown_categories=reading.shown,
    )
