import datetime

import factory
from django.utils import timezone

from nestling.screening.models import SafetyAlert, ScreeningResult
from tests.factories.families import CaregiverFactory


class ScreeningResultFactory(factory.django.DjangoModelFactory):
    """A PHQ-9 of a caregiver, as screening_record would store it (item 9 answered 'several days')."""

    class Meta:
        model = ScreeningResult

    family = None
    organization = factory.LazyAttribute(lambda r: r.family.organization)
    caregiver = factory.LazyAttribute(lambda r: CaregiverFactory(family=r.family))
    instrument = "phq-9"
    definition = "phq-9@1"
    answers = factory.LazyFunction(lambda: [1, 1, 1, 1, 1, 1, 1, 1, 1])
    total = 9
    band = "mild"
    positive = False
    flags = factory.LazyFunction(lambda: ["self_harm"])
    administered_on = factory.LazyFunction(datetime.date.today)
    administered_by = None
    respondent = "caregiver"


class SafetyAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyAlert

    result = None
    family = factory.LazyAttribute(lambda a: a.result.family)
    organization = factory.LazyAttribute(lambda a: a.result.organization)
    kind = "self_harm"
    raised_at = factory.LazyFunction(timezone.now)
    practitioner = factory.LazyAttribute(lambda a: a.result.administered_by)
    supervisor = None
