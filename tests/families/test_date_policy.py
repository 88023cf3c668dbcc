"""One date policy for the whole record (families.dates), used by every app's services: the impossible
dates a new user saw saved are each refused with a message that says what is allowed."""

from __future__ import annotations

import datetime
from datetime import date, timedelta

import pytest

from nestling.families import dates
from nestling.families.age import years_before
from nestling.families.models import HouseholdMembership, ServiceLevelChange
from nestling.families.services.enrollment import enrollment_create, enrollment_update
from nestling.families.services.household import household_member_leave
from nestling.families.services.people import (
    birth_record,
    caregiver_update,
    relationship_create,
    relationship_observe,
)
from nestling.growth.services import measurement_record
from nestling.records.errors import RecordInvalid
from nestling.screening.services import follow_up_task_complete, screening_record
from nestling.tasks.models import Task
from tests.factories.families import (
    CaregiverFactory,
    ChildFactory,
    EnrollmentFactory,
    HouseholdMembershipFactory,
    RelationshipFactory,
)

TODAY = datetime.date.today()
SELF_HARM_PHQ9 = [2, 2, 2, 1, 1, 1, 1, 0, 1]  # total 11 and item 9 answered: positive, with a safety flag
POSITIVE_PHQ9 = [2, 2, 2, 1, 1, 1, 1, 0, 0]  # total 10, no safety answer


def _refused(call, field: str) -> str:
    with pytest.raises(RecordInvalid) as refusal:
        call()
    assert field in refusal.value.errors, refusal.value.errors
    return " ".join(refusal.value.errors[field])


# The policy itself: pure, with today passed in


def test_the_policy_module_is_pure_and_says_what_each_bound_is():
    today = date(2026, 3, 1)
    assert dates.happened(date(2026, 3, 2), today=today) == [dates.DateProblem("future", {"today": today})]
    assert dates.happened(date(2026, 1, 1), today=today, born=date(2026, 2, 1))[0].code == "before_birth"
    assert dates.caregiver_birth(date(1850, 1, 1), today=today)[0].code == "caregiver_too_old"
    assert dates.pregnancy(date(1850, 1, 1), date(2026, 5, 1))[0].code == "pregnancy_too_old"
    assert dates.enrollment_date(date(1990, 1, 1), today=today)[0].params["earliest"] == date(2016, 3, 1)
    assert dates.planned(date(2099, 1, 1), today=today, within_days=14)[0].params["latest"] == date(
        2026, 3, 15
    )


@pytest.mark.parametrize(
    ("born", "gestation", "fine"),
    [
        (date(2026, 1, 1), 280, True),  # born on the due date at 40+0
        (date(2025, 9, 16), 173, True),  # 24+5, as the due date says
        (date(2025, 9, 16), 280, False),  # "40+0" when the due date puts it at 24+5
        (date(2025, 12, 18), 280, True),  # 14 days out: the tolerance
        (date(2025, 12, 17), 280, False),  # 15 days out
    ],
)
def test_a_gestation_agrees_with_the_due_date_within_two_weeks(born, gestation, fine):
    problems = dates.gestation_against_due(born, date(2026, 1, 1), gestation)
    assert (problems == []) is fine


def test_a_rescreen_after_a_safety_answer_is_planned_within_two_weeks_otherwise_within_90_days():
    assert dates.rescreen_within_days(safety=True) == 14
    assert dates.rescreen_within_days(safety=False) == 90


# Each date the new user saw saved


def test_a_caregiver_born_in_1850_cannot_be_recorded_as_pregnant(world):
    carer = CaregiverFactory(family=world.family_a, date_of_birth=date(1850, 1, 1))
    message = _refused(
        lambda: caregiver_update(
            caregiver=carer, by=world.practitioner, version=1, pregnancy_due_date=TODAY + timedelta(days=60)
        ),
        "pregnancy_due_date",
    )
    assert "at most 60 years old on a pregnancy's due date" in message


def test_a_birth_recorded_for_an_eleven_year_old_is_refused(world):
    baby = ChildFactory(family=world.family_a, date_of_birth=None, due_date=TODAY + timedelta(days=20))
    message = _refused(
        lambda: birth_record(
            child=baby,
            by=world.practitioner,
            version=1,
            date_of_birth=years_before(TODAY, 11),
            gestation_weeks=39,
        ),
        "date_of_birth",
    )
    assert "under 6 years old" in message


def test_a_family_whose_children_were_all_six_or_older_is_not_enrolled_on_that_date(world):
    # Given a family whose only child (on file since an earlier episode) is now 7
    ChildFactory(family=world.family_a, date_of_birth=years_before(TODAY, 7))
    message = _refused(
        lambda: enrollment_create(
            family=world.family_a,
            by=world.practitioner,
            program=world.program,
            enrolled_on=TODAY,
            referral_source="self",
            service_level="promotion",
        ),
        "enrolled_on",
    )
    assert "no child of the family was under 6" in message


def test_an_enrollment_in_1990_is_refused_saying_how_far_back_an_enrollment_may_be(world):
    message = _refused(
        lambda: enrollment_create(
            family=world.family_b,
            by=world.practitioner,
            program=world.program,
            enrolled_on=date(1990, 1, 1),
            referral_source="self",
            service_level="promotion",
        ),
        "enrolled_on",
    )
    assert "within 10 years" in message


def test_a_phq9_given_when_the_caregiver_was_four_is_refused(world):
    carer = CaregiverFactory(family=world.family_a, date_of_birth=date(1996, 5, 1))
    message = _refused(
        lambda: screening_record(
            family=world.family_a,
            subject=carer,
            instrument_id="phq-9",
            answers=POSITIVE_PHQ9,
            by=world.practitioner,
            administered_on=date(2000, 5, 1),
        ),
        "administered_on",
    )
    assert "within a year" in message


def _self_harm_task(world) -> Task:
    carer = CaregiverFactory(family=world.family_a)
    screening_record(
        family=world.family_a,
        subject=carer,
        instrument_id="phq-9",
        answers=SELF_HARM_PHQ9,
        by=world.practitioner,
        administered_on=TODAY,
    )
    return Task.objects.select_related("family").get(kind="positive_screen")


def test_a_rescreen_by_2099_after_a_self_harm_answer_is_refused_and_two_weeks_is_accepted(world):
    task = _self_harm_task(world)
    message = _refused(
        lambda: follow_up_task_complete(
            task=task,
            by=world.practitioner,
            kind="rescreen_planned",
            version=task.version,
            rescreen_on=date(2099, 1, 1),
        ),
        "rescreen_on",
    )
    assert "within 14 days" in message
    follow_up_task_complete(
        task=task,
        by=world.practitioner,
        kind="rescreen_planned",
        version=task.version,
        rescreen_on=TODAY + timedelta(days=14),
    )
    assert Task.objects.get(kind="rescreen").due_on == TODAY + timedelta(days=14)


def test_a_service_level_change_dated_in_the_future_is_refused(world):
    episode = EnrollmentFactory(family=world.family_a)
    message = _refused(
        lambda: enrollment_update(
            enrollment=episode,
            by=world.practitioner,
            version=1,
            service_level="intervention",
            level_changed_on=date(2030, 1, 1),
        ),
        "level_changed_on",
    )
    assert "in the future" in message and "or earlier" in message
    assert not ServiceLevelChange.objects.filter(changed_on=date(2030, 1, 1)).exists()


def test_moving_out_until_2030_is_refused(world):
    carer = CaregiverFactory(family=world.family_a)
    membership = HouseholdMembershipFactory(family=world.family_a, caregiver=carer)
    message = _refused(
        lambda: household_member_leave(membership=membership, by=world.practitioner, on=date(2030, 1, 1)),
        "ends_on",
    )
    assert "in the future" in message
    assert HouseholdMembership.objects.get(pk=membership.pk).ends_on is None


def test_caring_since_2020_for_a_three_day_old_is_refused(world):
    carer = CaregiverFactory(family=world.family_a)
    baby = ChildFactory(family=world.family_a, given_name="Ivy", date_of_birth=TODAY - timedelta(days=3))
    message = _refused(
        lambda: relationship_create(
            family=world.family_a,
            by=world.practitioner,
            caregiver=carer,
            child=baby,
            kind="foster",
            since=date(2020, 1, 1),
        ),
        "since",
    )
    assert "before Ivy Synthetic was born" in message


def test_a_birth_at_40_weeks_when_the_due_date_puts_it_at_24_plus_5_is_refused(world):
    due = TODAY + timedelta(days=280 - 173)  # born today, the due date says 24+5
    baby = ChildFactory(family=world.family_a, date_of_birth=None, due_date=due)
    message = _refused(
        lambda: birth_record(
            child=baby, by=world.practitioner, version=1, date_of_birth=TODAY, gestation_weeks=40
        ),
        "gestation_weeks",
    )
    assert "24+5" in message and "within 14 days" in message


def test_an_observation_dated_before_the_childs_birth_is_refused(world):
    pair = RelationshipFactory(
        family=world.family_a,
        child=ChildFactory(family=world.family_a, date_of_birth=TODAY - timedelta(days=10)),
    )
    message = _refused(
        lambda: relationship_observe(
            relationship=pair,
            by=world.practitioner,
            text="Held close",
            observed_on=TODAY - timedelta(days=20),
        ),
        "observed_on",
    )
    assert "was born" in message


def test_a_measurement_in_the_future_says_what_is_allowed(world):
    child = ChildFactory(family=world.family_a, sex="female")
    message = _refused(
        lambda: measurement_record(
            child=child, by=world.practitioner, kind="weight", value=7, measured_on=TODAY + timedelta(days=1)
        ),
        "measured_on",
    )
    assert "or earlier" in message


def test_an_onset_is_not_older_than_the_child_on_the_day_it_is_said():
    born = date(2024, 3, 15)
    # Two years old on 15 March 2026: an onset at 24 months has happened, at 25 months not yet
    assert dates.onset_months(24, born=born, on=date(2026, 3, 15)) == []
    assert dates.onset_months(0, born=born, on=born) == []
    (problem,) = dates.onset_months(25, born=born, on=date(2026, 3, 15))
    assert problem.code == "onset_older_than_child" and problem.params["age"] == 24
    # A day before the second birthday she was still 23 months
    assert dates.onset_months(24, born=born, on=date(2026, 3, 14))[0].params["age"] == 23
