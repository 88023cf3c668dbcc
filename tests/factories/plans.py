"""Care plans, goals and their progress, as the plan's services would store them (synthetic words)."""

import datetime

import factory

from nestling.families.models import subject_of
from nestling.plans.models import CarePlan, Goal, GoalProgress
from tests.factories.families import CaregiverFactory


def _days(n: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=n)


class CarePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarePlan

    family = None
    organization = factory.LazyAttribute(lambda p: p.family.organization)
    enrollment = None
    started_on = factory.LazyFunction(lambda: _days(-60))
    review_on = factory.LazyFunction(lambda: _days(30))
    summary = "Synthetic: a calmer home, and time to play together."


class GoalFactory(factory.django.DjangoModelFactory):
    """A goal of a caregiver (or of the person named as `about`), motivated in words; in a new plan of
    that person's family when no `plan` is given."""

    class Meta:
        model = Goal

    class Params:
        about = None  # the caregiver, child or relationship it is for

    plan = factory.LazyAttribute(lambda g: CarePlanFactory(family=g.about.family))
    family = factory.LazyAttribute(lambda g: g.plan.family)
    organization = factory.LazyAttribute(lambda g: g.plan.organization)
    subject = factory.LazyAttribute(lambda g: subject_of(g.about or CaregiverFactory(family=g.plan.family)))
    statement = factory.Sequence(lambda n: f"Synthetic goal {n}")
    progress_looks_like = "Synthetic: the caregiver notices and names the baby's cues."
    review_on = factory.LazyFunction(lambda: _days(30))
    motivation_note = "Synthetic: the caregiver asked for it."


class GoalProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalProgress

    goal = None
    organization = factory.LazyAttribute(lambda p: p.goal.organization)
    rated_on = factory.LazyFunction(lambda: _days(-7))
    rating = 3
    note = "Synthetic note"
    rated_by = None
