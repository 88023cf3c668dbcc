"""After a discharge: no screen comes due, the family leaves the active caseload (and shows under
"Discharged"), its record stays readable; re-enrollment brings it and its screens back."""

from __future__ import annotations

from django.urls import reverse

from nestling.families.age import CorrectionRule
from nestling.families.selectors import caseload_list
from nestling.families.services.enrollment import enrollment_create
from nestling.screening.attention import caseload_attention
from nestling.screening.selectors import family_screening
from tests.discharge.conftest import DAY, TODAY, discharge
from tests.factories.families import EnrollmentFactory
from tests.factories.organizations import ProgramFactory


def _due(family) -> set[str]:
    return {
        f"{person.subject.uuid}:{screen.definition.id}"
        for person in family_screening(family=family, on=TODAY, rule=CorrectionRule())
        for screen in person.due
    }


def _caseload(user, *, discharged: bool = False) -> set[str]:
    return set(caseload_list(user=user, discharged=discharged).values_list("name", flat=True))


def test_screens_stop_coming_due_after_discharge_and_come_due_again_after_re_enrollment(world, open_a):
    # Given the mother's PHQ-9 at enrollment is overdue
    assert f"{open_a.mother.uuid}:phq-9" in _due(open_a.family)
    # When the family is discharged
    discharge(open_a, world.practitioner, discharged_on=TODAY - 10 * DAY)
    # Then no screen is due, on its screening page nor on the caseload
    assert _due(open_a.family) == set()
    attention = caseload_attention(families=[open_a.family], on=TODAY)[open_a.family.pk]
    assert attention.due == []
    # When it is enrolled again
    episode = enrollment_create(
        family=open_a.family,
        by=world.practitioner,
        program=open_a.family.program,
        enrolled_on=TODAY - 2 * DAY,
        referral_source="self",
        service_level="prevention",
    )
    # Then a new episode is open, pointing at the last, and the PHQ-9 at enrollment is due again
    assert episode.previous == open_a.enrollment
    assert f"{open_a.mother.uuid}:phq-9" in _due(open_a.family)
    assert caseload_attention(families=[open_a.family], on=TODAY)[open_a.family.pk].due


def test_the_family_page_shows_no_screen_due_for_a_discharged_family(world, open_a, signed_in):
    client = signed_in(world.practitioner)
    url = reverse("family_detail", args=[open_a.family.uuid])
    assert "PHQ-9 overdue" in client.get(url).content.decode()
    discharge(open_a, world.practitioner)
    body = client.get(url).content.decode()
    assert 'data-testid="family-discharged"' in body
    assert "PHQ-9 overdue" not in body
    # What was decided for it at discharge is kept with the episode
    assert "Kept: PHQ-9 for Rowan" in body


def test_the_active_caseload_keeps_families_in_care_and_in_intake_and_the_filter_finds_the_discharged(
    world, open_a
):
    # Given family A in care and family B in intake (never enrolled)
    assert _caseload(world.practitioner) == {world.family_a.name, world.family_b.name}
    assert _caseload(world.practitioner, discharged=True) == set()
    # When family A is discharged
    discharge(open_a, world.practitioner)
    # Then it leaves the active caseload and is found under "Discharged"
    assert _caseload(world.practitioner) == {world.family_b.name}
    assert _caseload(world.practitioner, discharged=True) == {world.family_a.name}
    # And re-enrolled, it comes back
    enrollment_create(
        family=open_a.family,
        by=world.practitioner,
        program=open_a.family.program,
        enrolled_on=TODAY,
        referral_source="self",
        service_level="prevention",
    )
    assert _caseload(world.practitioner) == {world.family_a.name, world.family_b.name}
    assert _caseload(world.practitioner, discharged=True) == set()


def test_a_family_in_care_in_one_program_is_not_discharged_by_leaving_another(world, open_a):
    EnrollmentFactory(family=open_a.family, program=ProgramFactory(organization=world.org))
    discharge(open_a, world.practitioner)
    assert world.family_a.name in _caseload(world.practitioner)
    assert f"{open_a.mother.uuid}:phq-9" in _due(open_a.family)


def test_a_discharged_familys_record_stays_readable_to_its_care_team(world, open_a, signed_in):
    discharge(open_a, world.practitioner)
    url = reverse("family_detail", args=[open_a.family.uuid])
    for persona in ("practitioner", "supervisor", "manager"):
        assert signed_in(world.persona(persona)).get(url).status_code == 200
