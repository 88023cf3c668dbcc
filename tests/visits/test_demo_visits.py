"""The demo's visits: months of them in every setting and status, signed notes with addenda and some
drafts, a reschedule chain, relationship-based therapy by the one practitioner qualified by their
records, and a few months of the parent–baby group."""

from __future__ import annotations

from nestling.accounts.models import User
from nestling.demo.builder import demo_build
from nestling.visits.models import (
    GroupAttendance,
    GroupSession,
    NoteAddendum,
    Visit,
    VisitNote,
    VisitService,
    VisitSetting,
    VisitStatus,
)
from nestling.workforce.selectors.qualification import qualifications


def test_the_demo_has_months_of_visits_notes_and_groups(db):
    demo_build()
    visits = Visit.objects.all()
    assert set(visits.values_list("status", flat=True)) == set(VisitStatus.values)
    assert set(visits.values_list("setting", flat=True)) == set(VisitSetting.values)
    dates = sorted(visits.values_list("visit_on", flat=True))
    assert (dates[-1] - dates[0]).days >= 90
    assert visits.filter(rescheduled_to__isnull=False).exists()
    assert VisitNote.objects.filter(status="signed").count() > 20
    assert VisitNote.objects.filter(status="draft").exists()
    assert NoteAddendum.objects.exists()
    # Relationship-based therapy is recorded only by the practitioner qualified by their records
    therapy = VisitService.objects.filter(service_type__relationship_therapy=True)
    people = list(User.objects.filter(pk__in=therapy.values("delivered_by_id")))
    qualified = {pk for pk, q in qualifications(people=people).items() if q.qualified}
    assert therapy.exists() and set(therapy.values_list("delivered_by_id", flat=True)) <= qualified
    assert GroupSession.objects.count() >= 3 and GroupAttendance.objects.count() >= 6
