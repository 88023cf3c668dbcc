import datetime

import factory

from nestling.families.models import (
    Caregiver,
    CaseloadAssignment,
    Child,
    Consent,
    ConsentKind,
    Enrollment,
    Family,
    HouseholdMembership,
    Relationship,
    RelationshipKind,
    RiskFactor,
)


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


class CaregiverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Caregiver

    family = None
    organization = factory.LazyAttribute(lambda c: c.family.organization)
    given_name = factory.Sequence(lambda n: f"Carer{n}")
    family_name = "Synthetic"
    date_of_birth = datetime.date(1995, 3, 14)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    family = None
    organization = factory.LazyAttribute(lambda c: c.family.organization)
    given_name = factory.Sequence(lambda n: f"Kid{n}")
    family_name = "Synthetic"
    date_of_birth = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=200))


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    family = None
    organization = factory.LazyAttribute(lambda r: r.family.organization)
    caregiver = factory.LazyAttribute(lambda r: CaregiverFactory(family=r.family))
    child = factory.LazyAttribute(lambda r: ChildFactory(family=r.family))
    kind = RelationshipKind.BIOLOGICAL_MOTHER
    is_primary = True


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    family = None
    organization = factory.LazyAttribute(lambda e: e.family.organization)
    program = factory.LazyAttribute(lambda e: e.family.program)
    enrolled_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=90))
    referral_source = "pediatric"
    service_level = "prevention"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    family = None
    organization = factory.LazyAttribute(lambda c: c.family.organization)
    kind = ConsentKind.SERVICES
    given_by_other = "Synthetic guardian"
    given_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))


class RiskFactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskFactor

    family = None
    organization = factory.LazyAttribute(lambda r: r.family.organization)
    kind = "risk"
    group = "stressful_circumstances"
    description = factory.Sequence(lambda n: f"Housing insecurity {n}")
    noted_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    source = "caregiver"


class HouseholdMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMembership

    family = None
    organization = factory.LazyAttribute(lambda m: m.family.organization)
    caregiver = factory.LazyAttribute(lambda m: CaregiverFactory(family=m.family))
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=100))
