"""What visits add to the family page (upcoming and recent visits with their notes' status, the family's
own group attendance) and to the History page (visits and what became of them, signed notes, addenda,
group attendance). A family's attendance names its session, never the other families who came.
Registered when the app is ready; each part costs a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
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
from nestling.families.models import Family, Subject
from nestling.families.selectors import FamilyPage
from nestling.records.models import RecordChange
from nestling.visits.models import (
    GroupAttendance,
    NoteAddendum,
    Visit,
    VisitNote,
    VisitSetting,
    VisitStatus,
)
from nestling.visits.selectors import SUBJECT_PEOPLE, subject_label, upcoming_and_recent

RECENT_GROUPS = 3


def _attendance(family: Family, latest: int | None = None) -> list[GroupAttendance]:
    rows = (
        GroupAttendance.objects.filter(family=family)
        .select_related("session")
        .prefetch_related(Prefetch("present", queryset=Subject.objects.select_related(*SUBJECT_PEOPLE)))
        .order_by("-session__held_on", "-pk")
    )
    return list(rows[:latest] if latest is not None else rows)


def family_page_visits(*, actor: User, family: Family, page: FamilyPage) -> FamilyParts:
    """The next visits and the latest ones with their notes' status, and the family's own last group
    sessions (five queries, two more for whoever may schedule)."""
    ahead, past = upcoming_and_recent(family=family, today=page.today)
    groups = _attendance(family, RECENT_GROUPS)  # the people present read for these only
    may_schedule = can(actor, Action.FAMILY_EDIT, family)
    return FamilyParts(
        panels=[
            Part(
                "visits/_family_panel.html",
                {
                    "family": family,
                    "upcoming": ahead,
                    "recent": past,
                    "groups": [(a, [subject_label(s) for s in a.present.all()]) for a in groups],
                    "may_schedule": may_schedule,
                    "may_see_groups": can(actor, Action.PROGRAM_GROUPS, family.program),
                },
            )
        ]
    )


def _setting_words(visit: Visit) -> str:
    return str(dict(VisitSetting.choices).get(visit.setting, visit.setting))


def _outcome(visit: Visit) -> str:
    words = {"setting": _setting_words(visit), "by": visit.practitioner.display_name}
    if visit.status == VisitStatus.COMPLETED:
        return _("Visit held (%(setting)s) with %(by)s") % words
    if visit.status == VisitStatus.MISSED:
        return _("Visit missed: %(reason)s") % {"reason": visit.get_missed_reason_display().lower()}
    if visit.status == VisitStatus.CANCELLED:
        return _("Visit cancelled (%(by_whom)s): %(reason)s") % {
            "by_whom": visit.get_cancelled_by_display().lower(),
            "reason": visit.status_note,
        }
    return _("Visit scheduled (%(setting)s) with %(by)s") % words


def visits_history(*, actor: User, family: Family) -> list[TimelineEntry]:
    """Each visit on its day (held, missed, cancelled or still scheduled), each reschedule on the day it
    was made, signed notes and addenda on their days, and the family's own group attendance (seven
    queries)."""
    entries: list[TimelineEntry] = []
    visits = list(
        Visit.objects.filter(family=family)
        .select_related("practitioner", "rescheduled_to")
        .prefetch_related("present")
    )
    today = timezone.localdate()
    for visit in visits:
        if visit.visit_on > today:
            continue  # still to come: the family page shows it, the History does not yet
        people = frozenset(str(s.pk) for s in visit.present.all())
        entries.append(TimelineEntry(visit.visit_on, "visits", _outcome(visit), people))
    # A status change is dated when it was made: read from the visits' history rows.
    by_uuid = {v.uuid: v for v in visits}
    for change in RecordChange.objects.filter(
        organization_id=family.organization_id, family_uuid=family.uuid, record_type="visits.visit"
    ).order_by("version"):
        moved = by_uuid.get(change.record_uuid)
        if moved is None or "rescheduled_to" not in change.after or moved.rescheduled_to is None:
            continue
        entries.append(
            TimelineEntry(
                timezone.localdate(change.changed_at),
                "visits",
                _("Visit of %(on)s rescheduled to %(to)s")
                % {
                    "on": date_format(moved.visit_on, "j M Y"),
                    "to": date_format(moved.rescheduled_to.visit_on, "j M Y"),
                },
            )
        )
    for note in VisitNote.objects.filter(family=family, signed_at__isnull=False).select_related(
        "visit", "signed_by"
    ):
        assert note.signed_at is not None and note.signed_by is not None
        entries.append(
            TimelineEntry(
                timezone.localdate(note.signed_at),
                "visits",
                _("Note of the visit of %(on)s signed by %(by)s")
                % {"on": date_format(note.visit.visit_on, "j M Y"), "by": note.signed_by.display_name},
            )
        )
    for addendum in NoteAddendum.objects.filter(note__family=family).select_related(
        "note__visit", "written_by"
    ):
        entries.append(
            TimelineEntry(
                timezone.localdate(addendum.created_at),
                "visits",
                _("Addendum to the note of the visit of %(on)s, by %(by)s")
                % {
                    "on": date_format(addendum.note.visit.visit_on, "j M Y"),
                    "by": addendum.written_by.display_name,
                },
            )
        )
    for attendance in _attendance(family):
        session = attendance.session
        names = ", ".join(subject_label(s) for s in attendance.present.all())
        entries.append(
            TimelineEntry(
                session.held_on,
                "groups",
                _("%(kind)s “%(topic)s”: %(names)s came")
                % {"kind": session.get_kind_display(), "topic": session.topic, "names": names},
                frozenset(str(s.pk) for s in attendance.present.all()),
            )
        )
    return entries


def register() -> None:
    contribute_to_family_page(family_page_visits)
    contribute_to_timeline(
        visits_history,
        {"visits": gettext_lazy("Visits and their notes"), "groups": gettext_lazy("Group sessions")},
    )
