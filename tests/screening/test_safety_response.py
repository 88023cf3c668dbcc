"""The response to an urgent safety alert: the risk assessed and what was done, checked before it closes
the alert; given by a colleague covering the family under emergency access, who sees the open alert
wherever the family shows and whose response is audited as made under that access; corrected by version."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.access.models import BreakGlassAccess
from nestling.audit.models import AuditAction, AuditEvent
from nestling.records.errors import AlreadyClosed, RecordInvalid, StaleEdit
from nestling.records.models import RecordChange
from nestling.screening.models import SafetyAlert
from nestling.screening.safety_response import SafetyResponse, safety_alert_answer, safety_response_correct
from tests.factories.families import CaregiverFactory
from tests.factories.screening import SafetyAlertFactory, ScreeningResultFactory, answer_alert

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def alert(world) -> SafetyAlert:
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan")
    result = ScreeningResultFactory(
        family=world.family_a, caregiver=mother, administered_by=world.practitioner
    )
    return SafetyAlertFactory(
        result=result, supervisor=world.supervisor, raised_at=timezone.now() - datetime.timedelta(hours=1)
    )


@pytest.fixture
def covering(world, alert) -> BreakGlassAccess:
    """The colleague, who does not carry family A, covers it under emergency access."""
    now = timezone.now()
    return BreakGlassAccess.objects.create(
        organization=world.org,
        user=world.colleague,
        family=world.family_a,
        reason="Covering for the practitioner, away today, with an alert open",
        started_at=now - MINUTE,
        expires_at=now + datetime.timedelta(hours=4),
    )


def _response(risk="moderate", actions=("safety_plan",), note="", at=None) -> SafetyResponse:
    return SafetyResponse(risk=risk, actions=list(actions), note=note, responded_at=at or timezone.now())


def _errors(alert, by, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(RecordInvalid) as refused:
        safety_alert_answer(alert=alert, by=by, response=_response(**kwargs))
    alert.refresh_from_db()
    assert alert.is_open
    return refused.value.errors


def test_imminent_or_high_risk_with_no_action_is_refused_saying_what_to_do(world, alert):
    for risk in ("imminent", "high"):
        errors = _errors(alert, world.practitioner, risk=risk, actions=(), note="Talked it through.")
        assert errors["actions"][0].startswith(f"At {risk} risk something is done to keep the person safe")


def test_a_response_later_than_now_or_before_the_alert_is_refused(world, alert):
    future = _errors(alert, world.practitioner, at=timezone.now() + datetime.timedelta(hours=2))
    assert future["responded_at"][0].startswith("This is later than now (")
    before = _errors(alert, world.practitioner, at=alert.raised_at - datetime.timedelta(hours=1))
    assert before["responded_at"][0].startswith("The alert was raised at ")


def test_every_problem_is_said_at_once(world, alert):
    errors = _errors(alert, world.practitioner, risk="", actions=("hope",), at=timezone.now() + MINUTE * 90)
    assert set(errors) == {"risk", "actions", "responded_at"}


def test_no_action_at_low_risk_needs_a_note(world, alert):
    assert "note" in _errors(alert, world.practitioner, risk="low", actions=())
    closed = answer_alert(
        alert, world.practitioner, risk="low", actions=(), note="Passive thoughts; plan reviewed."
    )
    assert closed.risk == "low" and closed.actions == []


def test_a_response_recorded_afterwards_keeps_when_it_was_given(world, alert):
    given = alert.raised_at + 10 * MINUTE
    closed = answer_alert(alert, world.supervisor, at=given, actions=("supervisor_consulted", "safety_plan"))
    assert closed.responded_at == given and closed.time_to_response == 10 * MINUTE
    # The actions are kept in the order they are offered
    assert closed.actions == ["safety_plan", "supervisor_consulted"]


def test_a_colleague_without_emergency_access_may_not_answer(world, alert):
    with pytest.raises(AccessDenied):
        safety_alert_answer(alert=alert, by=world.colleague, response=_response())
    alert.refresh_from_db()
    assert alert.is_open


def test_a_manager_reads_the_alert_but_does_not_answer_it(world, alert):
    with pytest.raises(AccessDenied):
        safety_alert_answer(alert=alert, by=world.manager, response=_response())


def test_a_covering_response_names_the_emergency_access_in_the_record_and_the_audit(world, alert, covering):
    # When the colleague covering the family answers with a safety plan
    closed = safety_alert_answer(
        alert=alert,
        by=world.colleague,
        response=_response(risk="high", actions=("safety_plan", "crisis_line")),
    )
    # Then the alert is closed by them, under that access
    assert closed.responded_by == world.colleague and closed.responded_under == covering
    # And the change is audited naming the access, and a break-the-glass row says what was done under it
    change = AuditEvent.objects.get(action=AuditAction.CHANGE, subject_id=str(alert.uuid))
    assert change.detail["emergency_access"] == str(covering.uuid)
    glass = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS, subject_id=str(alert.uuid))
    assert glass.actor_id == world.colleague.pk and glass.reason == covering.reason
    assert glass.detail == {"did": "safety_alert.respond", "emergency_access": str(covering.uuid)}


def test_an_expired_emergency_access_no_longer_lets_the_colleague_answer(world, alert, covering):
    BreakGlassAccess.objects.filter(pk=covering.pk).update(expires_at=timezone.now() - MINUTE)
    with pytest.raises(AccessDenied):
        safety_alert_answer(alert=alert, by=world.colleague, response=_response())


def test_the_practitioners_response_is_not_under_emergency_access(world, alert):
    closed = answer_alert(alert, world.practitioner)
    assert closed.responded_under is None
    assert not AuditEvent.objects.filter(action=AuditAction.BREAK_GLASS).exists()


def test_a_second_response_is_refused_naming_who_answered(world, alert):
    answer_alert(alert, world.supervisor)
    with pytest.raises(AlreadyClosed) as refused:
        answer_alert(alert, world.practitioner)
    assert refused.value.errors[""] == [
        f"{world.supervisor.display_name} has already recorded a response to this alert."
    ]


def test_a_correction_is_versioned_and_kept_in_the_history(world, alert):
    closed = answer_alert(alert, world.practitioner, risk="moderate")
    corrected = safety_response_correct(
        alert=closed,
        by=world.practitioner,
        version=closed.version,
        response=_response(
            risk="high", actions=("safety_plan", "same_day_appointment"), at=closed.responded_at
        ),
    )
    assert corrected.risk == "high" and corrected.version == closed.version + 1
    change = RecordChange.objects.filter(record_uuid=alert.uuid).latest("version")
    assert change.before["risk"] == "moderate" and change.after["risk"] == "high"
    # And a correction from the version before is refused, naming who changed it
    with pytest.raises(StaleEdit) as stale:
        safety_response_correct(
            alert=corrected, by=world.supervisor, version=closed.version, response=_response()
        )
    assert {change.field for change in stale.value.changes} >= {"risk", "actions"}
    assert "nothing of yours was saved" in stale.value.errors[""][0]


def test_a_correction_is_checked_as_a_response_is(world, alert):
    closed = answer_alert(alert, world.practitioner)
    with pytest.raises(RecordInvalid) as refused:
        safety_response_correct(
            alert=closed,
            by=world.practitioner,
            version=closed.version,
            response=_response(risk="imminent", actions=()),
        )
    assert "actions" in refused.value.errors


# ---- The covering clinician's path, page by page ------------------------------------------------------


def _pages(world, alert):
    return {
        "family page": reverse("family_detail", args=[world.family_a.uuid]),
        "screening page": reverse("family_screening", args=[world.family_a.uuid]),
        "another page": reverse("home"),
    }


def test_without_emergency_access_a_colleague_sees_nothing_of_the_alert(world, alert, signed_in):
    client = signed_in(world.colleague)
    url = reverse("safety_alert", args=[world.family_a.uuid, alert.uuid])
    assert client.get(url).status_code == 404
    assert client.get(reverse("family_detail", args=[world.family_a.uuid])).status_code == 404
    assert 'data-testid="urgent-alerts"' not in client.get(reverse("home"), follow=True).content.decode()


def test_a_covering_clinician_sees_the_open_alert_wherever_the_family_shows_and_answers_it(
    world, alert, covering, signed_in
):
    client = signed_in(world.colleague)
    alert_url = reverse("safety_alert", args=[world.family_a.uuid, alert.uuid])
    # Given the colleague under emergency access, the open alert is on the family's pages and every page
    for where, url in _pages(world, alert).items():
        html = client.get(url, follow=True).content.decode()
        assert alert_url in html, f"the {where} does not link to the open alert"
    assert (
        'data-testid="family-open-alerts"'
        in client.get(reverse("family_detail", args=[world.family_a.uuid])).content.decode()
    )
    # When they open it, it says they cover the family under emergency access
    page = client.get(alert_url).content.decode()
    assert 'data-testid="covering-notice"' in page and "Record the response" in page
    # When they answer with a safety plan
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    answered = client.post(
        alert_url,
        {
            "risk": "high",
            "actions": ["safety_plan", "crisis_line"],
            "note": "Plan made with Rowan by phone.",
            "responded_at": now,
        },
    )
    # Then the alert is closed, shown as answered by them under emergency access
    assert answered.status_code == 302
    page = client.get(alert_url).content.decode()
    assert "Safety plan made with the person" in page and "under emergency access" in page
    alert.refresh_from_db()
    assert alert.responded_by == world.colleague and alert.responded_under == covering
    # And the banner is gone; the family's History says what was done
    assert alert_url not in client.get(reverse("home"), follow=True).content.decode()
    history = (
        signed_in(world.practitioner)
        .get(reverse("family_timeline", args=[world.family_a.uuid]))
        .content.decode()
    )
    assert (
        "Safety alert answered: high risk; safety plan made with the person, crisis line number given "
        "(under emergency access)" in history
    )


def test_the_form_shows_every_problem_and_keeps_what_was_typed(world, alert, signed_in):
    client = signed_in(world.practitioner)
    url = reverse("safety_alert", args=[world.family_a.uuid, alert.uuid])
    later = (timezone.localtime() + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    html = client.post(
        url, {"risk": "imminent", "note": "Kept this note", "responded_at": later}
    ).content.decode()
    assert "At imminent risk something is done" in html and "This is later than now" in html
    assert "Kept this note" in html
    alert.refresh_from_db()
    assert alert.is_open


def test_a_response_is_corrected_from_its_page(world, alert, signed_in):
    answer_alert(alert, world.practitioner, risk="moderate")
    alert.refresh_from_db()
    client = signed_in(world.practitioner)
    edit = reverse("safety_response_edit", args=[world.family_a.uuid, alert.uuid])
    assert (
        edit in client.get(reverse("safety_alert", args=[world.family_a.uuid, alert.uuid])).content.decode()
    )
    at = timezone.localtime(alert.responded_at).strftime("%Y-%m-%dT%H:%M")
    data = {
        "risk": "high",
        "actions": ["safety_plan"],
        "note": "",
        "responded_at": at,
        "version": alert.version,
    }
    assert client.post(edit, data).status_code == 302
    # The same form sent again from the old version is refused, and nothing of it saved
    data["risk"] = "low"
    html = client.post(edit, data).content.decode()
    assert "nothing of yours was saved" in html
    alert.refresh_from_db()
    assert alert.risk == "high"
