"""The worklist: everything due across a caseload, one group per household, most urgent first; sensitive
items hidden and counted; a supervisor's view per supervisee; no foreign family ever; audited reads; the
same queries for 3 families as for 30."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nestling.accounts.models import Supervision
from nestling.audit.models import AuditEvent, AuditOutcome
from nestling.families.models import subject_of
from nestling.screening.models import ProgramSchedule
from nestling.screening.program import ScheduledScreen, screen_to_row
from nestling.screening.schedule import ScheduleRule
from nestling.worklist.items import Urgency
from nestling.worklist.selectors.worklist import worklist_read
from tests.factories.families import (
    CaregiverFactory,
    CaseloadAssignmentFactory,
    EnrollmentFactory,
    FamilyFactory,
)
from tests.factories.screening import FollowUpTaskFactory, SafetyAlertFactory, ScreeningResultFactory
from tests.factories.worklist import VisitFactory, VisitNoteFactory
from tests.worklist.conftest import days


def _groups(response) -> list:
    return response.context["work"].groups


def test_every_members_items_are_in_their_households_one_group(world, signed_in, make_busy):
    # Given a household whose mother has an alert and a follow-up, and whose baby has a task of its own
    busy = make_busy(name="Alder household")
    FollowUpTaskFactory(result=busy.result, subject=subject_of(busy.baby), due_on=days(5))
    make_busy(name="Birch household")

    # When the practitioner opens the worklist
    response = signed_in(world.practitioner).get(reverse("worklist"))

    # Then each household is one group holding all its items, with its next visit
    assert response.status_code == 200
    groups = _groups(response)
    assert [g.name for g in groups] == ["Alder household", "Birch household"]
    alder = groups[0]
    assert {item.kind for item in alder.items} == {"screen", "alert", "task", "visit"}
    assert sum(1 for item in alder.items if item.kind == "task") == 2
    assert alder.next_visit == busy.next_visit
    body = response.content.decode()
    assert body.count('data-testid="worklist-family"') == 2
    assert f"/families/{busy.family.uuid}/visits/new/?next=" in body


def test_items_link_to_where_they_are_dealt_with(world, signed_in, make_busy):
    busy = make_busy()
    body = signed_in(world.practitioner).get(reverse("worklist")).content.decode()
    assert reverse("safety_alert", args=[busy.family.uuid, busy.alert.uuid]) in body
    assert reverse("follow_up", args=[busy.family.uuid, busy.task.uuid]) in body
    assert reverse("screening_result", args=[busy.family.uuid, busy.result.uuid]) in body
    assert (
        reverse("screening_administer", args=[busy.family.uuid, "caregiver", busy.mother.uuid, "phq-9"])
        in body
    )


def test_households_come_most_urgent_first_and_the_order_can_be_changed(world, signed_in):
    # Given one household with only a follow-up due next week, one with an open alert, one overdue
    soon = FamilyFactory(program=world.program, name="Aspen household")
    alert = FamilyFactory(program=world.program, name="Beech household")
    late = FamilyFactory(program=world.program, name="Cypress household")
    for family in (soon, alert, late):
        CaseloadAssignmentFactory(family=family, practitioner=world.practitioner)
    carer = CaregiverFactory(family=soon)
    FollowUpTaskFactory(
        result=ScreeningResultFactory(
            family=soon, caregiver=carer, flags=[], administered_by=world.practitioner
        ),
        due_on=days(7),
    )
    SafetyAlertFactory(result=ScreeningResultFactory(family=alert, administered_by=world.practitioner))
    FollowUpTaskFactory(
        result=ScreeningResultFactory(family=late, flags=[], administered_by=world.practitioner),
        due_on=days(-1),
    )
    client = signed_in(world.practitioner)

    # When they open the worklist, then overdue comes first, then the alert, then what is due soon
    response = client.get(reverse("worklist"))
    assert [g.name for g in _groups(response)] == ["Cypress household", "Beech household", "Aspen household"]
    assert [g.urgency for g in _groups(response)] == [Urgency.OVERDUE, Urgency.ALERT, Urgency.DUE_SOON]

    # And by household name when they choose it
    response = client.get(reverse("worklist"), {"sort": "family"})
    assert [g.name for g in _groups(response)] == ["Aspen household", "Beech household", "Cypress household"]

    # And an order that does not exist falls back to the most urgent first
    response = client.get(reverse("worklist"), {"sort": "nonsense"})
    assert response.status_code == 200
    assert _groups(response)[0].name == "Cypress household"


def _alcohol_result(family, carer, by):
    return ScreeningResultFactory(
        family=family,
        caregiver=carer,
        administered_by=by,
        instrument="audit-c",
        definition="audit-c@1",
        answers=[2, 2, 2],
        total=6,
        band="positive",
        positive=True,
        flags=[],
        context={"sex": "female"},
    )


def test_a_sensitive_task_is_hidden_and_counted_without_a_grant_and_shown_with_one(world, signed_in, grant):
    # Given an AUDIT-C follow-up (substance use) in a household that also has an ordinary follow-up
    family = world.family_a
    carer = CaregiverFactory(family=family)
    FollowUpTaskFactory(
        result=_alcohol_result(family, carer, world.practitioner), text="Talk over alcohol use."
    )
    FollowUpTaskFactory(
        result=ScreeningResultFactory(
            family=family, caregiver=carer, flags=[], administered_by=world.practitioner
        )
    )
    client = signed_in(world.practitioner)

    # When the practitioner without a grant opens the worklist
    response = client.get(reverse("worklist"))

    # Then the sensitive item is left out, counted, and the page says why
    body = response.content.decode()
    assert "Talk over alcohol use" not in body and "AUDIT" not in body
    assert response.context["work"].hidden == 1
    assert 'data-testid="worklist-hidden"' in body and "no grant" in body
    assert [i.kind for i in _groups(response)[0].items] == ["task"]

    # And with a grant for substance use it is shown, and its read is audited under that category
    grant(world.practitioner, "substance_use")
    response = client.get(reverse("worklist"))
    assert "Talk over alcohol use" in response.content.decode()
    assert response.context["work"].hidden == 0
    assert AuditEvent.objects.filter(
        actor_id=world.practitioner.pk,
        category="substance_use",
        subject_type="worklist",
        family_uuid=family.uuid,
    ).exists()


def test_a_sensitive_screen_due_is_hidden_without_a_grant(world, signed_in):
    # Given a program whose schedule asks for an AUDIT-C at enrollment, and a caregiver enrolled a week ago
    ProgramSchedule.objects.create(
        program=world.program,
        organization=world.org,
        updated_by=world.manager,
        rows=[
            screen_to_row(
                ScheduledScreen(
                    "audit-c", "caregiver", ScheduleRule(anchor="enrollment", window_after_days=30)
                )
            ),
            screen_to_row(
                ScheduledScreen("phq-9", "caregiver", ScheduleRule(anchor="enrollment", window_after_days=30))
            ),
        ],
    )
    EnrollmentFactory(family=world.family_a, enrolled_on=days(-7))
    CaregiverFactory(family=world.family_a)

    # When the practitioner without a grant opens the worklist
    response = signed_in(world.practitioner).get(reverse("worklist"))

    # Then the PHQ-9 is due, and the AUDIT-C is counted, not shown
    items = _groups(response)[0].items
    assert [i.text for i in items] == ["PHQ-9"]
    assert response.context["work"].hidden == 1


def test_a_supervisor_sees_the_worklist_of_each_supervisee_they_choose(world, signed_in, make_busy):
    # Given the practitioner's busy household and the colleague's (whom the supervisor does not supervise)
    mine = make_busy(name="Alder household")
    theirs = make_busy(world.colleague, name="Rowan household")
    client = signed_in(world.supervisor)

    # When the supervisor opens the worklist, then they see their supervisee's, by default
    response = client.get(reverse("worklist"))
    assert response.status_code == 200
    assert response.context["practitioner"] == world.practitioner
    body = response.content.decode()
    assert "Alder household" in body and "Rowan household" not in body
    assert f'value="{world.practitioner.uuid}"' in body  # the choice of supervisee
    # And the supervisor may look, not act: items link to the pages that show them
    assert "Respond to the alert" not in body and "See the alert" in body
    assert reverse("safety_alert", args=[mine.family.uuid, mine.alert.uuid]) in body

    # And asking for the colleague's worklist is refused as not found, and audited once
    before = AuditEvent.objects.count()
    response = client.get(reverse("worklist"), {"practitioner": str(world.colleague.uuid)})
    assert response.status_code == 404
    denials = AuditEvent.objects.filter(pk__gt=before, outcome=AuditOutcome.DENIED)
    assert denials.count() == 1 and denials.get().subject_id == str(world.colleague.uuid)
    assert theirs.family.name not in response.content.decode()


def test_a_practitioner_may_not_open_a_colleagues_worklist(world, signed_in, make_busy):
    make_busy(world.colleague, name="Rowan household")
    client = signed_in(world.practitioner)
    for wanted in (str(world.colleague.uuid), str(world.outsider.uuid), "not-a-uuid"):
        response = client.get(reverse("worklist"), {"practitioner": wanted})
        assert response.status_code == 404
        assert "Rowan household" not in response.content.decode()


def test_a_foreign_familys_items_are_never_shown(world, signed_in, make_busy):
    # Given the colleague's household, the outsider's, and a visit the practitioner made to the colleague's
    rowan = make_busy(world.colleague, name="Rowan household")
    make_busy(world.outsider, name="Outside household")
    VisitFactory(family=rowan.family, practitioner=world.practitioner, visit_on=days(-5), status="completed")
    FollowUpTaskFactory(
        result=ScreeningResultFactory(family=world.family_x, flags=[], administered_by=world.outsider),
        assignee=world.practitioner,
    )

    # When the practitioner opens their worklist
    response = signed_in(world.practitioner).get(reverse("worklist"))

    # Then nothing of those households is there
    body = response.content.decode()
    assert "Rowan household" not in body and "Outside household" not in body and "Household X" not in body
    shown = {g.family.pk for g in _groups(response)} | {g.family.pk for g in response.context["work"].quiet}
    assert shown == {world.family_a.pk, world.family_b.pk}


def test_a_family_that_left_the_caseload_leaves_the_worklist(world, signed_in, make_busy):
    busy = make_busy(name="Alder household")
    busy.family.assignments.update(ends_on=days(-1))
    body = signed_in(world.practitioner).get(reverse("worklist")).content.decode()
    assert "Alder household" not in body


def test_a_discharged_family_leaves_the_worklist_and_a_reenrolled_one_returns(world, signed_in, make_busy):
    busy = make_busy(name="Birch household")  # enrolled 60 days ago
    client = signed_in(world.practitioner)
    assert "Birch household" in client.get(reverse("worklist")).content.decode()
    busy.family.enrollments.update(discharged_on=days(-2), discharge_reason="moved")
    assert "Birch household" not in client.get(reverse("worklist")).content.decode()
    EnrollmentFactory(family=busy.family, enrolled_on=days(-1))
    assert "Birch household" in client.get(reverse("worklist")).content.decode()


@pytest.mark.parametrize(
    ("ended_hours_ago", "status", "note", "listed"),
    [
        (23, "completed", None, False),  # within the day's grace
        (25, "completed", None, True),  # past it, no note
        (25, "completed", "draft", True),  # past it, a draft
        (25, "completed", "signed", False),  # signed: documented
        (72, "cancelled", None, False),  # nothing to document
        (72, "missed", None, False),
        (25, "scheduled", None, True),  # never recorded how it went
    ],
)
def test_a_visit_is_listed_to_document_a_day_after_it_ended(world, ended_hours_ago, status, note, listed):
    # Given a visit of an hour that ended so many hours ago
    now = timezone.localtime().replace(tzinfo=None, second=0, microsecond=0)
    start = now - datetime.timedelta(hours=ended_hours_ago, minutes=60)
    extra = {"missed_reason": "no_show"} if status == "missed" else {}
    extra |= {"cancelled_by": "family"} if status == "cancelled" else {}
    visit = VisitFactory(
        family=world.family_a,
        practitioner=world.practitioner,
        visit_on=start.date(),
        starts_at=start.time(),
        status=status,
        **extra,
    )
    if note:
        VisitNoteFactory(visit=visit, signed=note == "signed")

    # When the worklist is read at `now`
    work = worklist_read(actor=world.practitioner, practitioner=world.practitioner, now=now)

    # Then the visit is listed, overdue, only past its grace and while its note is not signed
    visits = [item for group in work.groups for item in group.items if item.kind == "visit"]
    assert bool(visits) is listed
    if listed:
        assert visits[0].urgency == Urgency.OVERDUE
        assert visits[0].label == LABELS[(status, note)]


LABELS = {
    ("completed", None): "Visit to document",
    ("completed", "draft"): "Note to sign",
    ("scheduled", None): "Visit to record",
}


def test_only_the_practitioners_own_visits_are_theirs_to_document(world):
    VisitFactory(family=world.family_a, practitioner=world.colleague, visit_on=days(-4), status="completed")
    work = worklist_read(actor=world.practitioner, practitioner=world.practitioner)
    assert not [item for group in work.groups for item in group.items if item.kind == "visit"]


def test_the_next_visit_is_the_earliest_scheduled_one(world):
    VisitFactory(family=world.family_b, practitioner=world.practitioner, visit_on=days(9))
    soonest = VisitFactory(family=world.family_b, practitioner=world.colleague, visit_on=days(3))
    VisitFactory(
        family=world.family_b,
        practitioner=world.practitioner,
        visit_on=days(2),
        status="cancelled",
        cancelled_by="staff",
    )
    work = worklist_read(actor=world.practitioner, practitioner=world.practitioner)
    group = next(g for g in [*work.groups, *work.quiet] if g.family == world.family_b)
    assert group.next_visit == soonest
    # And says whose visit it is when it is not the practitioner's own
    assert group.next_words.startswith("Next visit ") and world.colleague.display_name in group.next_words


def test_reading_the_worklist_audits_a_read_of_each_households_record(world, signed_in):
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    signed_in(world.practitioner).get(reverse("worklist"))
    rows = AuditEvent.objects.filter(pk__gt=before, actor_id=world.practitioner.pk, subject_type="worklist")
    assert {r.family_uuid for r in rows.filter(category="family")} == {
        world.family_a.uuid,
        world.family_b.uuid,
    }
    assert rows.filter(category="caseload").count() == 1


def _worklist_queries(client, django_assert_max_num_queries, most: int) -> None:
    with django_assert_max_num_queries(most):
        response = client.get(reverse("worklist"))
    assert response.status_code == 200


# 29 today: the session, user and roles (3), the caseload and grants (3), names (3), what the caseload
# computes (8), alerts' people (1), tasks and sources (2), visits (2), the audit rows (5), the chrome (2).
WORKLIST_QUERIES = 30


@pytest.mark.parametrize("families", [3, 30])
def test_the_worklist_costs_the_same_queries_for_3_or_30_busy_families(
    families, world, signed_in, make_busy, django_assert_max_num_queries
):
    # Given so many households on the caseload, each with an item of every kind
    world.family_a.assignments.all().delete()
    world.family_b.assignments.all().delete()
    for _ in range(families):
        make_busy()
    client = signed_in(world.practitioner)
    client.get(reverse("worklist"))  # the session and the second factor's checks

    # When the worklist is opened, then its queries stay under the same bound
    _worklist_queries(client, django_assert_max_num_queries, WORKLIST_QUERIES)
    assert len(client.get(reverse("worklist")).context["work"].groups) == families


def test_the_worklists_queries_do_not_grow_with_the_rows(world, signed_in, make_busy):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_busy()
    client = signed_in(world.practitioner)
    client.get(reverse("worklist"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("worklist"))
    for _ in range(12):
        make_busy()
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("worklist"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_worklist_is_for_practitioners_and_supervisors(world, signed_in):
    for persona in ("manager", "admin", "privacy"):
        assert signed_in(world.persona(persona)).get(reverse("worklist")).status_code == 404


def test_a_supervisor_with_no_supervisees_is_told_so(world, signed_in):
    Supervision.objects.filter(supervisor=world.supervisor).delete()
    response = signed_in(world.supervisor).get(reverse("worklist"))
    assert response.status_code == 200
    assert "No supervisees yet" in response.content.decode()


def test_a_supervision_that_has_ended_no_longer_opens_the_worklist(world, signed_in, make_busy):
    make_busy(name="Alder household")
    Supervision.objects.filter(supervisor=world.supervisor).update(ends_on=days(-1))
    client = signed_in(world.supervisor)
    response = client.get(reverse("worklist"), {"practitioner": str(world.practitioner.uuid)})
    assert response.status_code == 404
    assert "Alder household" not in client.get(reverse("worklist")).content.decode()
