"""What is due for a family under the default program schedule, and which alerts a user must see."""

from __future__ import annotations

import datetime

from nestling.families.age import CorrectionRule
from nestling.families.age_words import program_rule
from nestling.families.models import Family
from nestling.screening.alert_selectors import open_alerts_for
from nestling.screening.attention import caseload_attention
from nestling.screening.selectors import family_screening
from nestling.screening.services import screening_record
from tests.factories.families import CaregiverFactory, EnrollmentFactory, RelationshipFactory

TODAY = datetime.date.today()
RULE = CorrectionRule()


def _days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def _due(people, subject) -> dict[str, str]:
    person = next(p for p in people if p.subject == subject)
    return {d.definition.id: d.status for d in person.due}


def test_a_mother_6_weeks_after_a_birth_in_the_program_has_an_epds_due(world):
    # Given a family enrolled in pregnancy whose baby was born 42 days ago
    EnrollmentFactory(family=world.family_a, enrolled_on=_days_ago(120))
    relation = RelationshipFactory(family=world.family_a)
    relation.child.date_of_birth = _days_ago(42)
    relation.child.save(update_fields=["date_of_birth"])
    # When the schedule is read today
    people = family_screening(family=world.family_a, on=TODAY, rule=RULE)
    # Then the 6-week EPDS is due and the enrollment PHQ-9 is overdue
    due = _due(people, relation.caregiver)
    assert due["epds"] == "due"
    assert due["phq-9"] == "overdue"


def test_a_screen_done_in_its_window_is_no_longer_due(world):
    EnrollmentFactory(family=world.family_a, enrolled_on=_days_ago(5))
    mother = CaregiverFactory(family=world.family_a)
    assert _due(family_screening(family=world.family_a, on=TODAY, rule=RULE), mother) == {"phq-9": "due"}
    screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=[0] * 9,
        by=world.practitioner,
        administered_on=TODAY,
    )
    assert _due(family_screening(family=world.family_a, on=TODAY, rule=RULE), mother) == {}


def test_a_caregiver_whose_child_was_born_before_enrollment_has_no_postpartum_epds(world):
    EnrollmentFactory(family=world.family_a, enrolled_on=_days_ago(10))
    relation = RelationshipFactory(family=world.family_a)
    relation.child.date_of_birth = _days_ago(42)
    relation.child.save(update_fields=["date_of_birth"])
    due = _due(family_screening(family=world.family_a, on=TODAY, rule=RULE), relation.caregiver)
    assert "epds" not in due


def test_open_alerts_reach_the_practitioner_and_the_supervisor_but_not_a_colleague(world):
    mother = CaregiverFactory(family=world.family_a)
    screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=[0] * 8 + [2],
        by=world.practitioner,
        administered_on=TODAY,
    )
    assert open_alerts_for(world.practitioner).count() == 1
    assert open_alerts_for(world.supervisor).count() == 1
    assert open_alerts_for(world.colleague).count() == 0
    assert open_alerts_for(world.manager).count() == 0
    assert open_alerts_for(world.outsider).count() == 0


def test_the_family_page_shows_what_is_due_for_each_person(world, signed_in):
    from django.urls import reverse

    # Given a mother six weeks after a birth in the program
    EnrollmentFactory(family=world.family_a, enrolled_on=_days_ago(120))
    relation = RelationshipFactory(family=world.family_a)
    relation.child.date_of_birth = _days_ago(42)
    relation.child.save(update_fields=["date_of_birth"])
    # When her practitioner opens the family
    body = (
        signed_in(world.practitioner)
        .get(reverse("family_detail", args=[world.family_a.uuid]))
        .content.decode()
    )
    # Then her caregiver entry carries the due EPDS and the overdue PHQ-9, linked to the screening page
    assert "EPDS" in body and " due</a>" in body
    assert "overdue</a>" in body
    assert reverse("family_screening", args=[world.family_a.uuid]) in body


def test_the_caseload_reading_agrees_with_the_family_reading(world):
    # Given two families with different shapes: a postpartum mother, and a toddler with a result
    EnrollmentFactory(family=world.family_a, enrolled_on=_days_ago(120))
    relation = RelationshipFactory(family=world.family_a)
    relation.child.date_of_birth = _days_ago(42)
    relation.child.save(update_fields=["date_of_birth"])
    EnrollmentFactory(family=world.family_b, enrolled_on=_days_ago(400))
    toddler = RelationshipFactory(family=world.family_b)
    toddler.child.date_of_birth = _days_ago(540)
    toddler.child.save(update_fields=["date_of_birth"])
    families = list(
        Family.objects.filter(pk__in=[world.family_a.pk, world.family_b.pk]).select_related("program")
    )
    # When the caseload reads both at once
    attention = caseload_attention(families=families, on=TODAY)
    # Then each family's due screens are those its own page computes
    for family in families:
        one_by_one = {
            (person.subject.pk, type(person.subject).__name__, due.definition.id, due.status)
            for person in family_screening(family=family, on=TODAY, rule=program_rule(family.program))
            for due in person.due
        }
        together = {
            (item.person.pk, type(item.person).__name__, item.screen.definition.id, item.screen.status)
            for item in attention[family.pk].due
        }
        assert together == one_by_one
    assert attention[world.family_a.pk].due  # the test has something to compare
    # Overdue screens come first
    statuses = [item.screen.status for item in attention[world.family_a.pk].due]
    assert statuses == sorted(statuses, key=lambda s: s != "overdue")
