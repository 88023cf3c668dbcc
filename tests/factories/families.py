import datetime

import factory

from nestling.families.models import CaseloadAssignment, Family


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    program = None
    organization = factory.LazyAttribute(lambda family: family.program.organization)
    name = factory.Sequence(lambda n: f"Synthetic household {n}")
    reference = factory.Sequence(lambda n: f"TST-{n:06d}")


class CaseloadAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseloadAssignment

    family = None
    organization = factory.LazyAttribute(lambda a: a.family.organization)
    practitioner = None
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
