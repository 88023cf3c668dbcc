"""The family's history: newest first, filterable, and never showing what the reader may not see."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nestling.families.services.enrollment import enrollment_create, enrollment_update
from nestling.families.services.people import relationship_observe
from tests.factories.families import CaregiverFactory, ChildFactory, RelationshipFactory, RiskFactorFactory

DAY = datetime.timedelta(days=1)


def _history(client, family, **filters) -> str:
    response = client.get(reverse("family_timeline", args=[family.uuid]), filters)
    assert response.status_code == 200
    return response.content.decode()


def test_the_history_lists_what_happened_newest_first(world, signed_in, today):
    kid = ChildFactory(
        family=world.family_a, given_name="Ivy", family_name="Quill", date_of_birth=today - 90 * DAY
    )
    episode = enrollment_create(
        family=world.family_a,
        by=world.practitioner,
        program=world.program,
        enrolled_on=today - 30 * DAY,
        referral_source="pediatric",
        service_level="prevention",
    )
    enrollment_update(
        enrollment=episode,
        by=world.practitioner,
        version=1,
        service_level="intervention",
        level_changed_on=today,
    )
    body = _history(signed_in(world.practitioner), world.family_a)
    assert (
        body.index("Service level changed to Intervention")
        < body.index("Enrolled in")
        < body.index(f"{kid.full_name} was born")
    )


def test_the_history_filters_by_kind_and_by_person(world, signed_in, today):
    pair = RelationshipFactory(family=world.family_a)
    other = CaregiverFactory(family=world.family_a, given_name="Dana", family_name="Fern")
    relationship_observe(relationship=pair, by=world.practitioner, text="Shared a book", observed_on=today)
    client = signed_in(world.practitioner)
    only_relationships = _history(client, world.family_a, kind="relationship")
    assert "Shared a book" in only_relationships and "added as a caregiver" not in only_relationships
    only_dana = _history(client, world.family_a, person=str(other.uuid))
    assert "Dana Fern added as a caregiver" in only_dana and "Shared a book" not in only_dana


def test_the_history_leaves_out_sensitive_factors_without_a_grant(world, signed_in, grant):
    RiskFactorFactory(
        family=world.family_a, description="Prior trauma disclosed", sensitive_category="trauma_history"
    )
    RiskFactorFactory(family=world.family_a, description="Food insecurity")
    client = signed_in(world.practitioner)
    body = _history(client, world.family_a)
    assert "Food insecurity" in body and "Prior trauma" not in body
    grant(world.practitioner, "trauma_history")
    assert "Prior trauma" in _history(client, world.family_a)


def test_the_history_costs_the_same_queries_however_long_it_is(world, signed_in, today):
    client = signed_in(world.practitioner)
    RelationshipFactory(family=world.family_a)
    _history(client, world.family_a)
    with CaptureQueriesContext(connection) as short:
        _history(client, world.family_a)
    for _ in range(5):
        pair = RelationshipFactory(family=world.family_a)
        relationship_observe(relationship=pair, by=world.practitioner, text="Note", observed_on=today)
        RiskFactorFactory(family=world.family_a, child=pair.child)
    with CaptureQueriesContext(connection) as long:
        _history(client, world.family_a)
    assert len(long.captured_queries) == len(short.captured_queries)


def _everything_happens(world, today, *, mother_name="Rosa"):
    """A screen with a self-harm answer (alert and follow-up), its alert answered and task closed, a
    weight, and an edit of the caregiver's details."""
    from decimal import Decimal

    from nestling.families.services.people import caregiver_update
    from nestling.growth.services import measurement_record
    from nestling.screening.services import follow_up_task_complete, screening_record
    from tests.factories.screening import answer_alert

    mother = CaregiverFactory(family=world.family_a, given_name=mother_name)
    baby = ChildFactory(family=world.family_a, given_name="Ivy", date_of_birth=today - 90 * DAY)
    result = screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=[2, 2, 2, 2, 2, 2, 2, 2, 1],
        by=world.practitioner,
        administered_on=today,
    )
    answer_alert(result.alerts.get(), world.practitioner)
    task = result.tasks.get()
    follow_up_task_complete(task=task, by=world.practitioner, kind="referral_made", version=task.version)
    measurement_record(
        child=baby, by=world.practitioner, kind="weight", value=Decimal("5.9"), measured_on=today
    )
    caregiver_update(caregiver=mother, by=world.practitioner, version=mother.version, phone="555-0199")
    return mother


def test_the_history_shows_screens_alerts_tasks_growth_and_edits(world, signed_in, today):
    # Given a family where a screen raised an alert and a task, a weight was taken and details edited
    _everything_happens(world, today)
    client = signed_in(world.practitioner)
    # When the practitioner reads the family's history
    html = _history(client, world.family_a)
    # Then every app's part of it is there
    assert "PHQ-9 given to Rosa" in html
    assert "Urgent safety alert raised" in html and "Safety alert answered" in html
    assert "Task opened" in html and "Task closed: Referral made" in html
    assert "5.9 kg" in html
    assert "changed a caregiver&#x27;s details (phone)" in html
    # And it narrows to one kind
    only_growth = _history(client, world.family_a, kind="growth")
    assert "5.9 kg" in only_growth and "PHQ-9 given" not in only_growth


def test_the_history_with_every_app_costs_the_same_queries_however_long_it_is(world, signed_in, today):
    client = signed_in(world.practitioner)
    _everything_happens(world, today)
    _history(client, world.family_a)
    with CaptureQueriesContext(connection) as short:
        _history(client, world.family_a)
    for name in ("Ana", "Bea", "Cleo"):
        _everything_happens(world, today, mother_name=name)
    with CaptureQueriesContext(connection) as long:
        _history(client, world.family_a)
    assert len(long.captured_queries) == len(short.captured_queries)
