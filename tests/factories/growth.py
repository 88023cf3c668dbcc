import datetime
from decimal import Decimal

import factory

from nestling.growth.models import Measurement, MeasurementKind, MeasurementPlace


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    child = None
    organization = factory.LazyAttribute(lambda m: m.child.organization)
    measured_on = factory.LazyFunction(datetime.date.today)
    kind = MeasurementKind.WEIGHT
    value = Decimal("7.500")
    measured_by = None
    place = MeasurementPlace.HOME_SCALE
