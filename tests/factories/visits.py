"""Factories of visits, their notes and group sessions, and of the care-plan goals a visit works on (the
care plan's pages are another part's; a visit only chooses among existing goals)."""

import datetime

import factory
from django.utils import timezone

from nestling.families.models import subject_of
from nestling.visits.models import GroupAttendance, GroupSession, NoteAddendum, Visit, VisitNote


class VisitFactory(factory.django.DjangoModelFactory):
    """A home visit at 10:00 for an hour, today, scheduled."""

    class Meta:
        model = Visit
        skip_postgeneration_save = True

    family = None
    organization = factory.LazyAttribute(lambda v: v.family.organization)
    practitioner = None
    visit_on = factory.LazyFunction(datetime.date.today)
    starts_at = datetime.time(10, 0)
    duration_minutes = 60
    setting = "home"
    place = "Home"


class VisitNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitNote

    visit = None
    family = factory.LazyAttribute(lambda n: n.visit.family)
    organization = factory.LazyAttribute(lambda n: n.visit.organization)
    observed = "Synthetic: mother and baby found each other's eyes during the feed."

    class Params:
        signed = factory.Trait(
            status="signed",
            signed_at=factory.LazyFunction(timezone.now),
            signed_by=factory.LazyAttribute(lambda n: n.visit.practitioner),
        )


class NoteAddendumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoteAddendum

    note = None
    organization = factory.LazyAttribute(lambda a: a.note.organization)
    text = "Synthetic: the caregiver called afterwards to say the evening went well."
    written_by = factory.LazyAttribute(lambda a: a.note.visit.practitioner)


class GroupSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupSession
        skip_postgeneration_save = True

    program = None
    organization = factory.LazyAttribute(lambda s: s.program.organization)
    kind = "parent_baby"
    topic = "Synthetic: songs and rhymes for settling"
    held_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    starts_at = datetime.time(10, 0)
    duration_minutes = 90
    place = "Community room"

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if extracted:
            self.facilitators.set(extracted)


class GroupAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupAttendance
        skip_postgeneration_save = True

    session = None
    family = None
    organization = factory.LazyAttribute(lambda a: a.family.organization)
    note = "Synthetic: stayed for the whole session; baby slept in the sling."

    @factory.post_generation
    def present(self, create, extracted, **kwargs):
        if extracted:
            self.present.set([subject_of(person) for person in extracted])
