"""The discharge page: the form, the confirm step, refusals shown on the page, and its query count."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nestling.audit.models import AuditAction, AuditEvent
from nestling.families.models import DischargeItem
from nestling.families.services.enrollment import enrollment_update
from tests.discharge.conftest import DAY, SUMMARY, TODAY, discharge, make_visit, open_family
from tests.factories.families import CaregiverFactory, CaseloadAssignmentFactory, FamilyFactory
from tests.factories.screening import FollowUpTaskFactory, ScreeningResultFactory


def _url(subject) -> str:
    return reverse("enrollment_discharge", args=[subject.family.uuid, subject.enrollment.uuid])


def _post(subject, answers: dict[str, str], step: str = "review", **changes: str) -> dict[str, str]:
    data = {
        "version": str(subject.enrollment.version),
        "discharged_on": TODAY.isoformat(),
        "discharge_reason": "goals_met",
        "discharge_note": SUMMARY,
        "step": step,
    }
    for key, choice in answers.items():
        data[f"decide:{key}"] = choice
    return data | changes


def _all(subject, choice: str = "keep") -> dict[str, str]:
    return {key: choice for key in (subject.task_key, subject.visit_key, subject.screen_key)}


def test_the_page_asks_about_every_open_item_with_nothing_chosen(world, open_a, signed_in):
    body = signed_in(world.practitioner).get(_url(open_a)).content.decode()
    for key in (open_a.task_key, open_a.visit_key, open_a.screen_key):
        assert f'name="decide:{key}"' in body
    assert "checked" not in body
    assert "Follow up the positive screen" in body and "Home visit on" in body and "PHQ-9 for Rowan" in body
    # It says the record stays readable, and the summary's limit
    assert "The caseload assignment is not ended" in body
    assert "At most 4,000 characters" in body


def test_the_confirm_step_lists_what_will_happen_and_writes_nothing(world, open_a, signed_in):
    client = signed_in(world.practitioner)
    answers = _all(open_a) | {open_a.task_key: "close"}
    response = client.post(_url(open_a), _post(open_a, answers) | {f"reason:{open_a.task_key}": "Seen by GP"})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="discharge-confirm"' in body
    closing = body[body.index('data-testid="closing"') : body.index('data-testid="keeping"')]
    assert "Follow up the positive screen" in closing and "Seen by GP" in closing
    assert "Home visit on" in body[body.index('data-testid="keeping"') :]
    open_a.enrollment.refresh_from_db()
    open_a.task.refresh_from_db()
    assert open_a.enrollment.is_open and open_a.task.is_open


def test_confirming_discharges_and_the_family_page_shows_the_reason_and_summary(world, open_a, signed_in):
    client = signed_in(world.practitioner)
    answers = _all(open_a) | {open_a.task_key: "close", open_a.visit_key: "close"}
    response = client.post(_url(open_a), _post(open_a, answers, step="confirm"))
    assert response.status_code == 302
    open_a.task.refresh_from_db()
    open_a.visit.refresh_from_db()
    assert open_a.task.outcome == "family_discharged" and open_a.visit.status == "cancelled"
    page = client.get(reverse("family_detail", args=[open_a.family.uuid])).content.decode()
    assert "Discharged: Goals met" in page and SUMMARY in page
    assert "The caseload assignment stays" in page
    # The family leaves the active caseload, and shows, marked, under "Discharged"
    active = client.get(reverse("caseload")).content.decode()
    assert open_a.family.name not in active
    found = client.get(reverse("caseload") + "?status=discharged").content.decode()
    assert open_a.family.name in found and 'data-testid="discharged-badge"' in found


def test_going_back_from_the_confirm_step_keeps_every_answer(world, open_a, signed_in):
    client = signed_in(world.practitioner)
    response = client.post(_url(open_a), _post(open_a, _all(open_a), step="edit"))
    body = response.content.decode()
    assert body.count('value="keep"') == 3 and body.count("checked") == 3
    assert SUMMARY in body


def test_bad_input_is_shown_on_the_form_and_changes_nothing(world, open_a, signed_in):
    client = signed_in(world.practitioner)
    answers = _all(open_a)
    del answers[open_a.visit_key]
    data = _post(open_a, answers, step="confirm", discharged_on=(TODAY + DAY).isoformat(), discharge_note="")
    response = client.post(_url(open_a), data)
    body = response.content.decode()
    assert response.status_code == 200
    # Every problem at once: the date in the future, the summary missing, the visit not answered
    assert "This date is in the future" in body
    assert "Write the closing summary" in body and "Choose: close it, or keep it." in body
    open_a.enrollment.refresh_from_db()
    assert open_a.enrollment.is_open


def test_a_date_before_enrollment_is_refused_with_the_enrollment_date(world, open_a, signed_in):
    client = signed_in(world.practitioner)
    data = _post(open_a, _all(open_a), discharged_on=(TODAY - 50 * DAY).isoformat())
    body = client.post(_url(open_a), data).content.decode()
    assert "before the enrollment" in body


def test_a_summary_over_the_limit_is_refused_saying_the_limit(world, open_a, signed_in):
    client = signed_in(world.practitioner)
    body = client.post(_url(open_a), _post(open_a, _all(open_a), discharge_note="x" * 4001)).content.decode()
    assert "at most 4000 characters" in body or "at most 4,000 characters" in body


def test_a_stale_version_shows_the_other_persons_change(world, open_a, signed_in):
    enrollment_update(
        enrollment=open_a.enrollment,
        by=world.practitioner,
        version=1,
        referral_detail="Dr Synthetic",
    )
    client = signed_in(world.practitioner)
    response = client.post(_url(open_a), _post(open_a, _all(open_a), step="confirm", version="1"))
    body = response.content.decode()
    assert response.status_code == 409
    assert "What the other person changed" in body and "Dr Synthetic" in body
    assert 'name="version" value="2"' in body
    open_a.enrollment.refresh_from_db()
    assert open_a.enrollment.is_open


def test_an_episode_already_discharged_says_so(world, open_a, signed_in):
    discharge(open_a, world.practitioner)
    client = signed_in(world.practitioner)
    for response in (client.get(_url(open_a)), client.post(_url(open_a), _post(open_a, {}, step="confirm"))):
        body = response.content.decode()
        assert 'data-testid="already-discharged"' in body and "enroll them again" in body
    assert DischargeItem.objects.count() == 3


def test_another_familys_task_posted_is_refused_and_nothing_changes(world, open_a, signed_in):
    other = open_family(world.family_b, world.practitioner)
    client = signed_in(world.practitioner)
    data = _post(open_a, _all(open_a) | {other.task_key: "close"}, step="confirm")
    body = client.post(_url(open_a), data).content.decode()
    assert "not an open item of this family" in body
    other.task.refresh_from_db()
    open_a.enrollment.refresh_from_db()
    assert other.task.is_open and open_a.enrollment.is_open


def test_a_task_the_reader_may_not_see_is_only_counted(world, open_a, signed_in):
    result = ScreeningResultFactory(
        family=open_a.family,
        caregiver=open_a.mother,
        administered_by=world.practitioner,
        instrument="audit-c",
        definition="audit-c@1",
        answers=[2, 2, 1],
        total=5,
        band="positive",
        positive=True,
        flags=[],
        context={"sex": "female"},
    )
    FollowUpTaskFactory(result=result, text="Talk over the AUDIT-C result")
    body = signed_in(world.practitioner).get(_url(open_a)).content.decode()
    assert "1 item you may not see" in body
    assert "AUDIT-C" not in body


def test_the_page_is_audited_as_a_read_of_the_family_and_the_episode(world, open_a, signed_in):
    signed_in(world.practitioner).get(_url(open_a))
    reads = AuditEvent.objects.filter(action=AuditAction.READ, actor_id=world.practitioner.pk)
    assert {(e.subject_type, e.subject_id) for e in reads} >= {
        ("family", str(open_a.family.uuid)),
        ("enrollment", str(open_a.enrollment.uuid)),
    }


def test_the_edit_page_of_an_open_episode_does_not_discharge(world, open_a, signed_in):
    url = reverse("enrollment_edit", args=[open_a.family.uuid, open_a.enrollment.uuid])
    body = signed_in(world.practitioner).get(url).content.decode()
    assert 'name="discharged_on"' not in body and "Discharge" in body


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_discharge_page_costs_the_same_queries_for_one_or_many_open_items(world, open_a, signed_in):
    client = signed_in(world.practitioner)
    client.get(_url(open_a))
    few = _queries(client, _url(open_a))
    for n in range(5):
        result = ScreeningResultFactory(
            family=open_a.family,
            caregiver=open_a.mother,
            administered_by=world.practitioner,
            positive=True,
            flags=[],
            administered_on=TODAY,
        )
        FollowUpTaskFactory(result=result, text=f"Follow-up {n}")
        make_visit(open_a.family, world.practitioner, on=TODAY + (n + 1) * DAY)
        CaregiverFactory(family=open_a.family)  # each with a PHQ-9 due
    many = _queries(client, _url(open_a))
    assert many == few


def test_the_caseload_costs_the_same_queries_with_more_discharged_families(world, signed_in):
    client = signed_in(world.practitioner)
    url = reverse("caseload") + "?status=discharged"
    discharge(open_family(world.family_a, world.practitioner), world.practitioner)
    client.get(url)
    one = _queries(client, url)
    for _ in range(4):
        family = FamilyFactory(program=world.program)
        CaseloadAssignmentFactory(family=family, practitioner=world.practitioner)
        discharge(open_family(family, world.practitioner), world.practitioner, decisions=None)
    assert _queries(client, url) == one
