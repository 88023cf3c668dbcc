"""Visits as the worklist and the week read them: the visits' own factories, a visit tomorrow by default
(what the worklist calls "the next visit")."""

import datetime

import factory

from tests.factories import visits


class VisitFactory(visits.VisitFactory):
    """A home visit of an hour, tomorrow at ten, scheduled."""

    visit_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=1))


VisitNoteFactory = visits.VisitNoteFactory
