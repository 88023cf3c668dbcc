"""Visits and their notes as the worklist and the week read them, written straight to the models (the
visits app's own services are built alongside)."""

import datetime

import factory
from django.utils import timezone

from nestling.visits.models import Visit, VisitNote


class VisitFactory(factory.django.DjangoModelFactory):
    """A home visit of an hour, tomorrow at ten, scheduled."""

    class Meta:
        model = Visit

    family = None
    organization = factory.LazyAttribute(lambda v: v.family.organization)
    practitioner = None
    visit_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=1))
    starts_at = datetime.time(10, 0)
    duration_minutes = 60
    setting = "home"
    status = "scheduled"


class VisitNoteFactory(factory.django.DjangoModelFactory):
    """A draft note; `signed=True` signs it, by the visit's practitioner."""

    class Meta:
        model = VisitNote

    class Params:
        signed = factory.Trait(
            status="signed",
            signed_at=factory.LazyFunction(timezone.now),
            signed_by=factory.LazyAttribute(lambda n: n.visit.practitioner),
        )

    visit = None
    family = factory.LazyAttribute(lambda n: n.visit.family)
    organization = factory.LazyAttribute(lambda n: n.visit.organization)
    observed = "Synthetic observation of the relationship."
