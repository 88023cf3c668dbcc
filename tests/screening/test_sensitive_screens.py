"""Screens in a sensitive category — AUDIT-C (substance use), HITS (intimate-partner violence), the ACE
module (trauma history) — are shown only with a grant for it: the result, its answers, its chart, the
follow-up that names it and its History entries. Without one a page says that something is left out and
why; with one, each read is audited under the category."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nestling.audit.models import AuditAction, AuditEvent, AuditOutcome
from nestling.screening.models import ScreeningResult
from nestling.screening.scoring import default_library
from nestling.screening.sensitivity import INSTRUMENT_CATEGORIES, instrument_category
from nestling.screening.services import screening_record
from nestling.tasks.models import Task
from tests.factories.families import CaregiverFactory
from tests.factories.screening import SafetyAlertFactory, ScreeningResultFactory

TODAY = datetime.date.today()
# The notice names the category and who gives grants (access.hidden and components/left_out.html).
LEFT_OUT = "not shown here"
ASK = "ask your privacy officer"
GRANTS = "privacy officer gives grants"
TASK_LEFT_OUT = "a sensitive category you hold no grant for"
ALERT_LEFT_OUT = "in a category you have no grant for"  # the safety alert's page says it in its own words


@dataclass(frozen=True)
class Screen:
    instrument: str
    category: str
    answers: list[int]
    context: dict[str, str]
    words: tuple[str, ...]  # what would give the screen away on a page


SCREENS = [
    pytest.param(
        Screen("audit-c", "substance_use", [2, 2, 2], {"sex": "female"}, ("AUDIT-C", "Alcohol", "alcohol")),
        id="audit-c",
    ),
    pytest.param(
        Screen("hits", "intimate_partner_violence", [2, 2, 2, 1], {}, ("HITS", "Hurt, Insult", "violence")),
        id="hits",
    ),
    pytest.param(
        Screen(
            "aces",
            "trauma_history",
            [0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0],
            {},
            ("Adverse Childhood", "ACEs", "ACE categories"),
        ),
        id="aces",
    ),
]


@pytest.fixture(params=SCREENS)
def screen(request) -> Screen:
    return request.param


@pytest.fixture
def given(world, grant, screen) -> ScreeningResult:
    """The screen, positive, given to a mother of family A by her practitioner, who holds the grant."""
    grant(world.practitioner, screen.category)
    mother = CaregiverFactory(family=world.family_a, given_name="Rowan")
    return screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id=screen.instrument,
        answers=screen.answers,
        context=screen.context,
        by=world.practitioner,
        administered_on=TODAY,
    )


def _get(client, name: str, *args) -> tuple[int, str]:
    response = client.get(reverse(name, args=args))
    return response.status_code, response.content.decode()


def _administer(family, mother, instrument: str) -> str:
    return reverse("screening_administer", args=[family.uuid, "caregiver", mother.uuid, instrument])


# The notices that something is hidden name its category (what to ask a grant for): that is all they say.
_NOTICES = re.compile(
    r'<div class="notice" data-testid="left-out">.*?</div>|<li data-testid="task-left-out">.*?</li>', re.S
)


def _shows_none_of(body: str, screen: Screen) -> bool:
    body = _NOTICES.sub("", body)
    return not any(word in body for word in screen.words)


def _denials():
    return AuditEvent.objects.filter(outcome=AuditOutcome.DENIED)


def _reads_under(category: str, **where):
    allowed = AuditEvent.objects.filter(action=AuditAction.READ, outcome=AuditOutcome.ALLOWED)
    return allowed.filter(category=category, **where)


# The one place


def test_each_sensitive_instrument_is_in_the_library_and_its_category_is_a_sensitive_category():
    from nestling.audit.categories import SensitiveCategory

    for instrument, category in INSTRUMENT_CATEGORIES.items():
        assert default_library().get(instrument).id == instrument
        assert category in SensitiveCategory.values
    assert instrument_category("audit-c@2") == "substance_use"
    assert instrument_category("hits") == "intimate_partner_violence"
    assert instrument_category("aces@1") == "trauma_history"
    assert instrument_category("phq-9") == ""


def test_the_result_its_task_and_their_audit_rows_carry_the_category(world, given, screen):
    task = Task.objects.get(result=given)
    assert given.sensitive_category == screen.category and task.sensitive_category == screen.category
    created = AuditEvent.objects.filter(action=AuditAction.CREATE)
    assert created.get(subject_type="screeningresult").category == screen.category
    assert created.get(subject_type="task").category == screen.category


# Without a grant


@pytest.mark.parametrize("persona", ["supervisor", "manager"])
def test_without_a_grant_the_result_is_not_found_and_the_refusal_is_audited_once(
    world, signed_in, given, screen, persona
):
    # Given a supervisor (or manager) who may read family A, with no grant for the screen's category
    client = signed_in(world.persona(persona))
    # When they open the result's page
    status, body = _get(client, "screening_result", world.family_a.uuid, given.uuid)
    # Then it does not exist for them, and the refusal is audited once, under the category
    assert status == 404 and _shows_none_of(body, screen)
    denial = _denials().get()
    assert (denial.category, denial.subject_type, denial.subject_id) == (
        screen.category,
        "screeningresult",
        str(given.uuid),
    )


def test_without_a_grant_the_screening_page_leaves_out_the_result_and_its_chart_and_says_so(
    world, signed_in, given, screen
):
    status, body = _get(signed_in(world.supervisor), "family_screening", world.family_a.uuid)
    assert status == 200
    assert _shows_none_of(body, screen)
    assert 'class="screening-chart"' not in body
    assert LEFT_OUT in body and GRANTS in body
    assert str(given.uuid) not in body


def test_without_a_grant_another_results_page_leaves_it_out_of_the_persons_history(
    world, signed_in, given, screen
):
    # Given a PHQ-9 of the same mother
    phq9 = ScreeningResultFactory(
        family=world.family_a, caregiver=given.person, administered_by=world.practitioner
    )
    status, body = _get(signed_in(world.supervisor), "screening_result", world.family_a.uuid, phq9.uuid)
    assert status == 200 and "PHQ-9" in body
    assert _shows_none_of(body, screen) and str(given.uuid) not in body
    assert LEFT_OUT in body and GRANTS in body


def test_without_a_grant_the_follow_up_naming_the_screen_is_not_shown(world, signed_in, given, screen):
    client = signed_in(world.supervisor)
    task = Task.objects.get(result=given)
    for page in ("family_detail", "family_screening"):
        status, body = _get(client, page, world.family_a.uuid)
        assert status == 200 and _shows_none_of(body, screen), page
        assert TASK_LEFT_OUT in body and GRANTS in body, page
        assert str(task.uuid) not in body and str(given.uuid) not in body, page
    # And the task's own page does not exist for them
    status, body = _get(client, "follow_up", world.family_a.uuid, task.uuid)
    assert status == 404 and _shows_none_of(body, screen)
    assert _denials().get().category == screen.category


def test_without_a_grant_the_history_leaves_out_the_screen_and_its_task_and_says_so(
    world, signed_in, given, screen
):
    status, body = _get(signed_in(world.supervisor), "family_timeline", world.family_a.uuid)
    assert status == 200 and _shows_none_of(body, screen)
    assert "Rowan" in body  # the rest of her history is there
    assert LEFT_OUT in body and GRANTS in body
    assert not _reads_under(screen.category).exists()


def test_without_a_grant_nothing_is_audited_as_a_read_of_the_category(world, signed_in, given, screen):
    client = signed_in(world.supervisor)
    for page in ("family_detail", "family_screening", "family_timeline"):
        _get(client, page, world.family_a.uuid)
    assert not _reads_under(screen.category).exists()


# With a grant


def test_with_a_grant_the_result_shows_with_its_answers_and_the_read_is_audited_under_its_category(
    world, signed_in, grant, given, screen
):
    grant(world.supervisor, screen.category)
    status, body = _get(signed_in(world.supervisor), "screening_result", world.family_a.uuid, given.uuid)
    assert status == 200
    assert screen.words[0] in body
    assert body.count('<tr><th scope="row">') >= len(screen.answers)  # each question with its answer
    read = _reads_under(screen.category, subject_type="screeningresult").get()
    assert read.subject_id == str(given.uuid) and read.actor_id == world.supervisor.pk


def test_with_a_grant_the_screening_page_history_and_follow_up_show_it_each_read_audited(
    world, signed_in, grant, given, screen
):
    grant(world.supervisor, screen.category)
    client = signed_in(world.supervisor)
    task = Task.objects.get(result=given)
    for page in ("family_screening", "family_timeline", "family_detail"):
        before = _reads_under(screen.category, subject_type="family").count()
        status, body = _get(client, page, world.family_a.uuid)
        assert status == 200 and screen.words[0] in body, page
        assert LEFT_OUT not in body, page
        assert _reads_under(screen.category, subject_type="family").count() == before + 1, page
    assert task.text in body  # the family page names the follow-up
    status, body = _get(client, "follow_up", world.family_a.uuid, task.uuid)
    assert status == 200 and task.text in body
    assert _reads_under(screen.category, subject_type="task", subject_id=str(task.uuid)).exists()


def test_a_grant_for_another_category_does_not_show_it(world, signed_in, grant, given, screen):
    other = next(c for c in ("substance_use", "trauma_history") if c != screen.category)
    grant(world.supervisor, other)
    status, _body = _get(signed_in(world.supervisor), "screening_result", world.family_a.uuid, given.uuid)
    assert status == 404


# Giving the screen


def test_a_practitioner_without_the_grant_is_told_why_they_cannot_give_the_screen(world, signed_in, screen):
    # Given the colleague, who carries family C, with no grant
    mother = CaregiverFactory(family=world.family_c, given_name="Wren")
    client = signed_in(world.colleague)
    url = _administer(world.family_c, mother, screen.instrument)
    # The screening page offers the screen, saying that it needs a grant
    _status, page = _get(client, "family_screening", world.family_c.uuid)
    assert url not in page and "needs a grant" in page
    # When they open the form anyway, or send it, they are told why, and nothing is saved
    response = client.get(url)
    assert response.status_code == 403
    assert "needs a grant" in response.content.decode() and ASK in response.content.decode()
    data = {f"item_{item.number}": "0" for item in default_library().get(screen.instrument).items}
    response = client.post(url, data | {"administered_on": TODAY.isoformat(), "client_id": ""})
    assert response.status_code == 403
    assert not ScreeningResult.objects.exists()
    assert list(_denials().values_list("category", flat=True)) == [screen.category] * 2


def test_a_practitioner_with_the_grant_is_offered_the_screen_and_gives_it(world, signed_in, grant, screen):
    grant(world.colleague, screen.category)
    mother = CaregiverFactory(family=world.family_c, given_name="Wren")
    client = signed_in(world.colleague)
    url = _administer(world.family_c, mother, screen.instrument)
    assert url in _get(client, "family_screening", world.family_c.uuid)[1]
    assert client.get(url).status_code == 200


# Safety alerts reach whoever must answer them


def test_an_alert_from_a_screen_in_a_category_without_a_grant_still_reaches_the_supervisor(
    world, signed_in, screen
):
    # Given an urgent alert raised by a sensitive screen the supervisor has no grant for
    definition = default_library().get(screen.instrument)
    result = ScreeningResultFactory(
        family=world.family_a,
        instrument=definition.id,
        definition=definition.key,
        answers=screen.answers,
        total=None,
        band="",
        administered_by=world.practitioner,
    )
    alert = SafetyAlertFactory(result=result, supervisor=world.supervisor)
    client = signed_in(world.supervisor)
    # Then every page says an urgent alert needs a response
    status, body = _get(client, "team")
    assert 'data-testid="urgent-alerts"' in body
    # And its page opens, without the screen, saying that it is left out
    status, body = _get(client, "safety_alert", world.family_a.uuid, alert.uuid)
    assert status == 200 and _shows_none_of(body, screen)
    assert ALERT_LEFT_OUT in body and str(result.uuid) not in body
    # And the supervisor records the response that closes it
    response = client.post(
        reverse("safety_alert", args=[world.family_a.uuid, alert.uuid]),
        {
            "risk": "moderate",
            "actions": ["safety_plan"],
            "responded_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert not alert.is_open


# Query counts


def _queries(client, name: str, *args) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse(name, args=args)).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("granted", [False, True])
@pytest.mark.parametrize("page", ["family_screening", "family_timeline", "family_detail"])
def test_the_pages_cost_the_same_queries_however_many_sensitive_screens_there_are(
    world, signed_in, grant, given, screen, granted, page
):
    if granted:
        grant(world.supervisor, screen.category)
    client = signed_in(world.supervisor)
    client.get(reverse(page, args=[world.family_a.uuid]))
    one = _queries(client, page, world.family_a.uuid)
    for _ in range(4):
        screening_record(
            family=world.family_a,
            subject=given.person,
            instrument_id=screen.instrument,
            answers=screen.answers,
            context=screen.context,
            by=world.practitioner,
            administered_on=TODAY,
        )
        ScreeningResultFactory(
            family=world.family_a, caregiver=given.person, administered_by=world.practitioner
        )
    assert _queries(client, page, world.family_a.uuid) == one
