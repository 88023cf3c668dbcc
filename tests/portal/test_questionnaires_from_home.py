"""A questionnaire from home: kept as it is answered, scored by the screening engine when sent (with its
version, marked self-reported), and a safety answer raises the urgent alert to the practitioner and their
supervisor while the caregiver sees the crisis contacts at once. Another caregiver never sees it."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from nestling.portal.models import AssignmentStatus, PortalSettings
from nestling.portal.services.questionnaires import questionnaire_assign
from nestling.records.errors import RecordInvalid
from nestling.screening.models import ResultSource, SafetyAlert

pytestmark = pytest.mark.django_db

NOT_AT_ALL, SEVERAL_DAYS = "0", "1"


@pytest.fixture
def phq9(world, mother):
    return questionnaire_assign(
        family=world.family_a, caregiver=mother.caregiver, instrument="phq-9", by=world.practitioner
    )


@pytest.fixture
def crisis(world):
    return PortalSettings.objects.create(
        organization=world.org, emergency_number="112", crisis_contacts="Synthetic crisis line | 0800-000"
    )


def _answers(item9: str) -> dict[str, str]:
    answers = {str(n): NOT_AT_ALL for n in range(1, 9)}
    return answers | {"9": item9, "difficulty": "0", "client_id": str(uuid.uuid4())}


def test_the_answers_are_kept_as_they_are_given_and_shown_again(phq9, mother, as_caregiver):
    client = as_caregiver(mother)
    url = reverse("portal_questionnaire", args=[phq9.uuid])
    # When she answers two questions and saves
    response = client.post(url, {"1": "2", "2": "1", "save": "1"})
    # Then they are kept, and the page shows them chosen again
    assert response.status_code == 302
    phq9.refresh_from_db()
    assert phq9.draft == {"1": 2, "2": 1} and phq9.status == AssignmentStatus.OPEN
    page = client.get(url).content.decode()
    assert 'value="2" id="id_1_2" checked' in page or ('id="id_1_2"' in page and "checked" in page)


def test_an_impossible_answer_is_not_kept(phq9, mother, as_caregiver):
    as_caregiver(mother).post(reverse("portal_questionnaire", args=[phq9.uuid]), {"1": "9", "save": "1"})
    phq9.refresh_from_db()
    assert phq9.draft == {}


def test_sending_it_unfinished_keeps_every_answer_and_says_what_is_missing(phq9, mother, as_caregiver):
    response = as_caregiver(mother).post(
        reverse("portal_questionnaire", args=[phq9.uuid]), {"1": "1", "send": "1"}
    )
    assert response.status_code == 200
    assert "Not answered yet: 2, 3" in response.content.decode()
    phq9.refresh_from_db()
    assert phq9.draft == {"1": 1} and phq9.result is None


def test_a_safety_answer_alerts_practitioner_and_supervisor_and_shows_the_crisis_contacts_at_once(
    world, phq9, mother, crisis, as_caregiver
):
    # Given the mother's PHQ-9 from home
    client = as_caregiver(mother)
    # When she answers item 9 "several days" and sends it
    response = client.post(
        reverse("portal_questionnaire", args=[phq9.uuid]), _answers(SEVERAL_DAYS) | {"send": "1"}, follow=True
    )
    # Then the very next page shows the emergency number and the crisis contacts, never "wait"
    page = response.content.decode()
    assert "Call the emergency number: 112" in page and "Synthetic crisis line" in page
    assert "wait for" not in page.lower()
    # And the result is the screening engine's, versioned and self-reported, sent to the practitioner
    phq9.refresh_from_db()
    result = phq9.result
    assert result.definition == "phq-9@1" and result.source == ResultSource.SELF_REPORT
    assert result.administered_by == world.practitioner and result.flags
    # And the urgent alert goes to the practitioner and their supervisor
    alert = SafetyAlert.objects.get(result=result)
    assert alert.practitioner == world.practitioner and alert.supervisor == world.supervisor
    # And by default she is shown no score
    assert "In short:" not in page
    assert "Your practitioner will talk them through with you." in page


def test_the_staff_pages_show_the_result_as_self_reported(world, phq9, mother, as_caregiver, client):
    as_caregiver(mother).post(
        reverse("portal_questionnaire", args=[phq9.uuid]), _answers(NOT_AT_ALL) | {"send": "1"}
    )
    phq9.refresh_from_db()
    client.logout()
    client.force_login(world.practitioner)
    session = client.session
    session["nestling_mfa_ok"] = True
    session.save()
    page = client.get(
        reverse("screening_result", args=[world.family_a.uuid, phq9.result.uuid])
    ).content.decode()
    assert "self-reported" in page


def test_the_other_caregiver_cannot_open_her_questionnaire(phq9, father, as_caregiver):
    client = as_caregiver(father)
    assert client.get(reverse("portal_questionnaire", args=[phq9.uuid])).status_code == 404
    assert (
        client.post(reverse("portal_questionnaire", args=[phq9.uuid]), {"1": "3", "save": "1"}).status_code
        == 404
    )
    phq9.refresh_from_db()
    assert phq9.draft == {}


def test_the_other_caregivers_portal_shows_neither_her_questionnaire_nor_her_contact_details(
    world, phq9, mother, father, as_caregiver
):
    world.family_a.address_line = "12 Synthetic Lane"
    world.family_a.save(update_fields=["address_line"])
    page = as_caregiver(father).get(reverse("portal_home")).content.decode()
    assert str(phq9.uuid) not in page
    assert "555-0101" not in page and "mother@home.test" not in page and "12 Synthetic Lane" not in page


def test_only_a_questionnaire_whose_wording_ships_and_is_not_sensitive_can_be_given(world, mother):
    for instrument in ("epds", "audit-c", "swyc-bpsc"):
        with pytest.raises(RecordInvalid) as refused:
            questionnaire_assign(
                family=world.family_a,
                caregiver=mother.caregiver,
                instrument=instrument,
                by=world.practitioner,
            )
        assert "instrument" in refused.value.errors
