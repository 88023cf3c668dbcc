"""The family record in the browser's terms: pages, forms, refusals and what each user may see."""

from __future__ import annotations

import datetime
import re
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nestling.audit.models import AuditAction, AuditEvent, AuditOutcome
from nestling.families.models import Caregiver, Child, Enrollment, Family, Relationship, ServiceLevelChange
from tests.factories.families import (
    CaregiverFactory,
    ChildFactory,
    ConsentFactory,
    EnrollmentFactory,
    HouseholdMembershipFactory,
    RelationshipFactory,
    RiskFactorFactory,
)


def _page(client, family) -> str:
    response = client.get(reverse("family_detail", args=[family.uuid]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_family_page_shows_all_three_patients_with_corrected_age_for_a_preterm_baby(
    world, signed_in, today
):
    # Given a mother and her baby born at 30+0 weeks, 8 weeks ago
    mother = CaregiverFactory(family=world.family_a, given_name="Rosa", family_name="Quill")
    baby = ChildFactory(
        family=world.family_a,
        given_name="Ivy",
        family_name="Quill",
        date_of_birth=today - datetime.timedelta(weeks=8),
        gestation_weeks=30,
        gestation_days=0,
    )
    RelationshipFactory(family=world.family_a, caregiver=mother, child=baby, kind="biological_mother")
    # When the practitioner opens the family
    body = _page(signed_in(world.practitioner), world.family_a)
    # Then caregiver, child and relationship are there, with the age and the corrected age
    assert "Rosa Quill" in body and "Ivy Quill" in body and "Biological mother" in body
    assert "8 weeks" in body
    assert "not yet at term: 38+0 weeks postmenstrual" in body  # 30 + 8 weeks: 2 weeks before term
    assert "born at 30+0 weeks" in body


def test_the_corrected_age_follows_the_programs_rule(world, signed_in, today):
    ChildFactory(
        family=world.family_a,
        given_name="Theo",
        date_of_birth=today - datetime.timedelta(days=200),
        gestation_weeks=35,
    )
    body = _page(signed_in(world.practitioner), world.family_a)
    assert "Corrected age" in body
    world.program.corrected_age_min_weeks_early = 6  # only babies born before 34+0 weeks
    world.program.save(update_fields=["corrected_age_min_weeks_early"])
    body = _page(signed_in(world.practitioner), world.family_a)
    assert "Corrected age" not in body


def test_the_family_page_costs_the_same_queries_for_1_or_5_children(world, signed_in):
    client = signed_in(world.practitioner)
    carer = CaregiverFactory(family=world.family_a)
    RelationshipFactory(family=world.family_a, caregiver=carer, child=ChildFactory(family=world.family_a))
    EnrollmentFactory(family=world.family_a)
    ConsentFactory(family=world.family_a)
    RiskFactorFactory(family=world.family_a)
    url = reverse("family_detail", args=[world.family_a.uuid])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        kid = ChildFactory(family=world.family_a, gestation_weeks=31)
        RelationshipFactory(
            family=world.family_a, caregiver=CaregiverFactory(family=world.family_a), child=kid
        )
        EnrollmentFactory(
            family=world.family_a, discharged_on=datetime.date.today(), discharge_reason="moved"
        )
        ConsentFactory(family=world.family_a)
        RiskFactorFactory(family=world.family_a, caregiver=carer)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    assert len(five.captured_queries) == len(one.captured_queries)


def test_a_practitioner_without_a_grant_never_sees_a_substance_use_factor(world, signed_in, grant):
    # Given a substance-use risk factor and an ordinary one in a family on the caseload
    hidden = RiskFactorFactory(
        family=world.family_a,
        group="caregiver_mental_health",
        description="Opioid use disorder in remission",
        sensitive_category="substance_use",
    )
    RiskFactorFactory(family=world.family_a, description="Unstable housing")
    CaregiverFactory(family=world.family_a, given_name="Opioid")  # a name that matches the words searched
    client = signed_in(world.practitioner)
    # Then the family page shows the ordinary factor only
    body = _page(client, world.family_a)
    assert "Unstable housing" in body and "Opioid use disorder" not in body
    # And its edit page does not exist for them
    edit = reverse("risk_factor_edit", args=[world.family_a.uuid, hidden.uuid])
    assert client.get(edit).status_code == 404
    # And search finds people by name, never the factor's text
    found = client.get(reverse("family_search"), {"q": "Opioid"}).content.decode()
    assert "1 family found" in found and "use disorder" not in found
    found = client.get(reverse("family_search"), {"q": "disorder"}).content.decode()
    assert "0 families found" in found
    # And nothing was audited as a read of substance use (the refused edit page, as a denial)
    reads = AuditEvent.objects.filter(category="substance_use", action=AuditAction.READ)
    assert list(reads.values_list("outcome", flat=True)) == [AuditOutcome.DENIED]
    # When a grant is given, the factor shows, and showing it is audited under its category
    grant(world.practitioner)
    assert "Opioid use disorder" in _page(client, world.family_a)
    assert reads.filter(outcome=AuditOutcome.ALLOWED).exists()
    assert client.get(edit).status_code == 200


def test_search_finds_people_by_name_and_date_of_birth_in_visible_families_only_and_is_audited(
    world, signed_in
):
    born = datetime.date(2024, 2, 29)
    ChildFactory(family=world.family_a, given_name="Juniper", family_name="Moss", date_of_birth=born)
    ChildFactory(family=world.family_c, given_name="Juniper", family_name="Stone", date_of_birth=born)
    ChildFactory(family=world.family_x, given_name="Juniper", family_name="Brook", date_of_birth=born)
    client = signed_in(world.practitioner)
    by_name = client.get(reverse("family_search"), {"q": "juniper"}).content.decode()
    by_date = client.get(reverse("family_search"), {"q": "2024-02-29"}).content.decode()
    for body in (by_name, by_date):
        assert "Juniper Moss" in body
        assert "Juniper Stone" not in body and "Juniper Brook" not in body
    by_reference = client.get(reverse("family_search"), {"q": world.family_b.reference}).content.decode()
    assert world.family_b.name in by_reference
    searches = AuditEvent.objects.filter(action=AuditAction.SEARCH, actor_id=world.practitioner.pk)
    assert searches.count() == 3
    assert searches.filter(detail__query="juniper").exists()


def _child_post(**extra: str) -> dict[str, str]:
    return {
        "client_id": str(uuid.uuid4()),
        "given_name": "Juniper",
        "family_name": "Moss",
        "date_of_birth": "2024-02-29",
        "sex": "female",
        **extra,
    }


def test_a_duplicate_child_is_flagged_and_added_only_when_confirmed(world, signed_in):
    # Given a child already known in another family of the organization
    ChildFactory(
        family=world.family_c,
        given_name="Junipér",
        family_name="moss",
        date_of_birth=datetime.date(2024, 2, 29),
    )
    client = signed_in(world.practitioner)
    url = reverse("child_add", args=[world.family_a.uuid])
    # When the practitioner adds a child with a similar name and the same date of birth
    response = client.post(url, _child_post())
    # Then they are warned, without being shown the family they cannot open, and nothing is created
    body = response.content.decode()
    assert response.status_code == 200
    assert "may already be recorded" in body and "may already be known to the organization" in body
    assert world.family_c.name not in body
    assert 'value="Juniper"' in body  # what was typed is kept
    assert Child.objects.filter(family=world.family_a).count() == 0
    # When they confirm
    response = client.post(url, _child_post(confirm_duplicate="on"))
    assert response.status_code == 302
    assert Child.objects.filter(family=world.family_a).count() == 1


def test_a_double_submitted_child_form_creates_one_child(world, signed_in):
    client = signed_in(world.practitioner)
    url = reverse("child_add", args=[world.family_a.uuid])
    data = _child_post()
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Child.objects.filter(family=world.family_a).count() == 1


def test_a_refused_form_keeps_what_was_typed(world, signed_in):
    client = signed_in(world.practitioner)
    url = reverse("caregiver_add", args=[world.family_a.uuid])
    response = client.post(
        url,
        {
            "client_id": str(uuid.uuid4()),
            "given_name": "Rosa",
            "family_name": "Quill",
            "date_of_birth": "2099-01-01",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "future" in body
    assert 'value="Rosa"' in body and 'value="Quill"' in body
    assert not Caregiver.objects.exists()


def test_two_people_editing_the_same_caregiver_get_a_refused_stale_save_with_the_others_changes(
    world, signed_in, client
):
    # Given both opened the caregiver at version 1, and the first saved a new phone number
    carer = CaregiverFactory(family=world.family_a, given_name="Rosa", family_name="Quill", phone="555-0100")
    url = reverse("caregiver_edit", args=[world.family_a.uuid, carer.uuid])
    first = {"version": "1", "given_name": "Rosa", "family_name": "Quill", "phone": "555-0111"}
    client = signed_in(world.practitioner)
    assert client.post(url, first).status_code == 302
    # When the second saves from version 1
    second = {
        "version": "1",
        "given_name": "Rosa",
        "family_name": "Quill",
        "phone": "555-0100",
        "email": "r@example.test",
    }
    response = client.post(url, second)
    # Then nothing is saved, the other's change is shown, and the typed values are kept for a second try
    body = response.content.decode()
    assert response.status_code == 409
    assert "What the other person changed" in body and "555-0111" in body
    assert 'value="r@example.test"' in body and 'name="version" value="2"' in body
    carer.refresh_from_db()
    assert carer.email == "" and carer.version == 2
    # And their phone number is already in the form, since this editor had not touched it
    assert 'name="phone" value="555-0111"' in body
    # So saving the form as shown keeps both people's changes
    assert client.post(url, {**second, "phone": "555-0111", "version": "2"}).status_code == 302
    carer.refresh_from_db()
    assert carer.email == "r@example.test" and carer.phone == "555-0111"


def test_after_a_stale_save_a_field_both_people_changed_keeps_the_editors_value(world, signed_in):
    carer = CaregiverFactory(family=world.family_a, given_name="Rosa", family_name="Quill", phone="555-0100")
    url = reverse("caregiver_edit", args=[world.family_a.uuid, carer.uuid])
    client = signed_in(world.practitioner)
    client.post(url, {"version": "1", "given_name": "Rosa", "family_name": "Quill", "phone": "555-0111"})
    response = client.post(
        url, {"version": "1", "given_name": "Rosa", "family_name": "Quill", "phone": "555-0199"}
    )
    body = response.content.decode()
    assert 'name="phone" value="555-0199"' in body and "555-0111" in body


def test_enroll_a_pregnant_caregiver_record_the_birth_and_add_a_foster_caregiver(world, signed_in, today):
    client = signed_in(world.practitioner)
    family = world.family_a
    due = today + datetime.timedelta(days=40)
    new = lambda: str(uuid.uuid4())  # noqa: E731
    # Enroll the family during pregnancy
    response = client.post(
        reverse("enrollment_add", args=[family.uuid]),
        {
            "client_id": new(),
            "program": str(family.program.uuid),
            "enrolled_on": today.isoformat(),
            "referral_source": "prenatal",
            "service_level": "prevention",
        },
    )
    assert response.status_code == 302
    # Add the pregnant caregiver and the expected baby, and their relationship
    client.post(
        reverse("caregiver_add", args=[family.uuid]),
        {
            "client_id": new(),
            "given_name": "Rosa",
            "family_name": "Quill",
            "pregnancy_due_date": due.isoformat(),
        },
    )
    client.post(
        reverse("child_add", args=[family.uuid]),
        {"client_id": new(), "family_name": "Quill", "due_date": due.isoformat(), "sex": "unknown"},
    )
    mother, baby = Caregiver.objects.get(family=family), Child.objects.get(family=family)
    response = client.post(
        reverse("relationship_add", args=[family.uuid]),
        {
            "client_id": new(),
            "caregiver": str(mother.uuid),
            "child": str(baby.uuid),
            "kind": "biological_mother",
            "is_primary": "on",
            "legal_custody": "sole",
        },
    )
    assert response.status_code == 302
    # Record the birth today, 40 days early (34+2)
    response = client.post(
        reverse("birth_record", args=[family.uuid, baby.uuid]),
        {
            "version": "1",
            "given_name": "Ivy",
            "date_of_birth": today.isoformat(),
            "sex": "female",
            "birth_weight_grams": "2100",
        },
    )
    assert response.status_code == 302
    baby.refresh_from_db()
    assert (baby.gestation_weeks, baby.gestation_days) == (34, 2)
    # Add a foster caregiver with a relationship to the baby
    client.post(
        reverse("caregiver_add", args=[family.uuid]),
        {"client_id": new(), "given_name": "Dana", "family_name": "Fern"},
    )
    foster = Caregiver.objects.get(family=family, given_name="Dana")
    client.post(
        reverse("relationship_add", args=[family.uuid]),
        {
            "client_id": new(),
            "caregiver": str(foster.uuid),
            "child": str(baby.uuid),
            "kind": "foster",
            "legal_custody": "none",
        },
    )
    assert Relationship.objects.filter(family=family).count() == 2
    body = _page(client, family)
    assert "Ivy Quill" in body and "Foster parent" in body
    assert "not yet at term: 34+2 weeks postmenstrual" in body  # born today at 34+2


def test_observations_are_added_on_the_relationship_page_and_listed_newest_first(world, signed_in, today):
    pair = RelationshipFactory(family=world.family_a)
    url = reverse("relationship_detail", args=[world.family_a.uuid, pair.uuid])
    client = signed_in(world.practitioner)
    for day, text in ((2, "Older note"), (0, "Newer note")):
        client.post(
            url,
            {
                "client_id": str(uuid.uuid4()),
                "observed_on": (today - datetime.timedelta(days=day)).isoformat(),
                "kind": "strength",
                "text": text,
            },
        )
    body = client.get(url).content.decode()
    assert body.index("Newer note") < body.index("Older note")
    # And a supervisor reads it but may not add to it
    supervisor = signed_in(world.supervisor)
    assert supervisor.get(url).status_code == 200
    assert "Add an observation" not in supervisor.get(url).content.decode()


def _intake(world, **changes) -> dict[str, str]:
    """What the new-family form sends: the household and its enrollment in the chosen program."""
    return {
        "client_id": str(uuid.uuid4()),
        "program": str(world.program.uuid),
        "name": "Fern household",
        "reference": "",
        "enrolled_on": datetime.date.today().isoformat(),
        "referral_source": "prenatal",
        "referral_detail": "",
        "service_level": "prevention",
        **changes,
    }


def test_a_practitioner_opens_a_new_family_which_lands_on_their_caseload(world, signed_in):
    client = signed_in(world.practitioner)
    data = _intake(world, preferred_language="Spanish", interpreter_needed="on")
    response = client.post(reverse("family_add"), data)
    assert response.status_code == 302
    assert client.post(reverse("family_add"), data).status_code == 302  # a double submission
    family = Family.objects.get(name="Fern household")
    assert family.reference.startswith("NST-") and family.interpreter_needed
    assert response["Location"] == reverse("family_detail", args=[family.uuid])
    assert "Fern household" in client.get(reverse("caseload")).content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, subject_id=str(family.uuid)).count() == 1


def test_a_new_familys_reference_must_not_be_taken(world, signed_in):
    client = signed_in(world.practitioner)
    response = client.post(
        reverse("family_add"), _intake(world, name="Twin", reference=world.family_c.reference)
    )
    assert response.status_code == 200
    assert "already has this reference" in response.content.decode()


def test_choosing_a_program_when_opening_a_family_enrolls_it_there(world, signed_in, today):
    # Given a practitioner on the new-family form, which starts the enrollment today
    client = signed_in(world.practitioner)
    form = client.get(reverse("family_add")).content.decode()
    assert f'name="enrolled_on" value="{today.isoformat()}"' in form
    # When they open a family in the program, referred by prenatal care, at the prevention level
    data = _intake(world, enrolled_on=(today - datetime.timedelta(days=3)).isoformat())
    response = client.post(reverse("family_add"), data)
    assert client.post(reverse("family_add"), data).status_code == 302  # a double submission
    # Then the family has one open episode in that program, with its first service level
    family = Family.objects.get(name="Fern household")
    episode = Enrollment.objects.get(family=family)
    assert (episode.program, episode.enrolled_on) == (world.program, today - datetime.timedelta(days=3))
    assert (episode.referral_source, episode.service_level) == ("prenatal", "prevention")
    assert episode.is_open
    assert list(ServiceLevelChange.objects.filter(enrollment=episode).values_list("level", flat=True)) == [
        "prevention"
    ]
    # And the family page shows the episode
    body = client.get(response["Location"]).content.decode()
    enrollment_section = body[body.index('id="enrollment-section"') :]
    assert world.program.name in enrollment_section and "Prevention" in enrollment_section
    assert "referred by: Prenatal care or hospital" in enrollment_section
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, subject_id=str(episode.uuid)).count() == 1


def test_a_family_with_a_wrong_enrollment_is_not_opened_and_every_problem_is_said(world, signed_in, today):
    client = signed_in(world.practitioner)
    response = client.post(
        reverse("family_add"),
        _intake(
            world,
            reference=world.family_c.reference,
            enrolled_on=(today + datetime.timedelta(days=1)).isoformat(),
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "already has this reference" in body and "This date is in the future" in body
    assert not Family.objects.filter(name="Fern household").exists()


def test_someone_moving_out_stays_in_the_household_history(world, signed_in, today):
    membership = HouseholdMembershipFactory(family=world.family_a)
    client = signed_in(world.practitioner)
    url = reverse("household_member_leave", args=[world.family_a.uuid, membership.uuid])
    too_early = (membership.starts_on - datetime.timedelta(days=1)).isoformat()
    assert "Leaving cannot be before joining" in client.post(url, {"ends_on": too_early}).content.decode()
    assert client.post(url, {"ends_on": today.isoformat()}).status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == today
    assert client.get(url).status_code == 404  # only current members can move out
    history = client.get(reverse("family_timeline", args=[world.family_a.uuid])).content.decode()
    assert f"{membership.caregiver.full_name} left the household" in history


def test_a_child_not_named_yet_is_called_baby_on_every_page(world, signed_in):
    from tests.factories.families import ChildFactory

    ChildFactory(family=world.family_a, given_name="", family_name="Test")
    html = signed_in(world.practitioner).get(reverse("family_detail", args=[world.family_a.uuid]))
    assert "Baby Test" in html.content.decode()


def _summary(body: str) -> list[str]:
    """The lines of a form's error summary, as a reader sees them."""
    box = body[body.index('class="error-summary"') :]
    box = box[: box.index("</ul>")]
    return [re.sub(r"<[^>]+>", "", line).strip() for line in re.findall(r"<li>(.*?)</li>", box, re.S)]


def test_every_problem_with_a_childs_gestation_is_said_at_once_when_adding_the_child(world, signed_in, today):
    # Given a baby born 10 days ago whose due date, 100 days ahead, puts the birth at 24+2 weeks
    client = signed_in(world.practitioner)
    data = {
        "client_id": str(uuid.uuid4()),
        "family_name": "Quill",
        "date_of_birth": (today - datetime.timedelta(days=10)).isoformat(),
        "due_date": (today + datetime.timedelta(days=100)).isoformat(),
        "sex": "female",
    }
    # When weeks, days and birth weight are all out of range
    body = client.post(
        reverse("child_add", args=[world.family_a.uuid]),
        data | {"gestation_weeks": "50", "gestation_days": "-1", "birth_weight_grams": "-5"},
    ).content.decode()
    # Then the form says all three at once, each saying what is allowed
    problems = _summary(body)
    assert any("between 22 and 44 weeks" in p for p in problems), problems
    assert any("Days are 0 to 6" in p for p in problems), problems
    assert any("between 300 and 7000 grams" in p for p in problems), problems
    assert "greater than or equal" not in body
    # And with the weeks right but the days wrong, the due date's disagreement is said with the days
    body = client.post(
        reverse("child_add", args=[world.family_a.uuid]),
        data | {"gestation_weeks": "40", "gestation_days": "9"},
    ).content.decode()
    problems = _summary(body)
    assert any("Days are 0 to 6" in p for p in problems), problems
    assert any("puts this birth at 24+2 weeks" in p for p in problems), problems
    assert not Child.objects.filter(family_name="Quill").exists()


def test_every_problem_with_a_birth_is_said_at_once_on_the_birth_form(world, signed_in, today):
    # Given a baby due in 5 days
    child = ChildFactory(
        family=world.family_a, date_of_birth=None, due_date=today + datetime.timedelta(days=5)
    )
    client = signed_in(world.practitioner)
    # When the birth is recorded with weeks, days and weight all out of range
    body = client.post(
        reverse("birth_record", args=[world.family_a.uuid, child.uuid]),
        {
            "version": child.version,
            "date_of_birth": today.isoformat(),
            "sex": "female",
            "gestation_weeks": "50",
            "gestation_days": "-1",
            "birth_weight_grams": "-5",
        },
    ).content.decode()
    # Then every one of them is said
    problems = _summary(body)
    assert len(problems) == 3, problems
    assert any("between 22 and 44 weeks" in p for p in problems), problems
    assert any("Days are 0 to 6" in p for p in problems), problems
    assert any("between 300 and 7000 grams" in p for p in problems), problems
    child.refresh_from_db()
    assert child.is_prenatal


def test_the_family_page_asks_once_whether_its_reader_may_edit_the_family(world, signed_in):
    # The panels that offer an action (schedule a visit, refer, start a plan) each ask whether the reader
    # may edit the family; the page answers it once for them. The caseload is read once for that, once for
    # whether they may take a copy of the record, and once for the portal panel: not once per panel.
    client = signed_in(world.practitioner)
    url = reverse("family_detail", args=[world.family_a.uuid])
    client.get(url)
    with CaptureQueriesContext(connection) as page:
        body = client.get(url).content.decode()
    asked = [
        q["sql"]
        for q in page.captured_queries
        if q["sql"].startswith('SELECT 1 AS "a" FROM "families_caseloadassignment"')
    ]
    assert len(asked) <= 3
    assert reverse("visit_schedule", args=[world.family_a.uuid]) in body  # still offered
    assert len(page.captured_queries) <= 40


def test_a_reader_who_may_not_edit_is_still_offered_nothing_to_do(world, signed_in):
    client = signed_in(world.supervisor)
    url = reverse("family_detail", args=[world.family_a.uuid])
    response = client.get(url)
    if response.status_code == 200:
        body = response.content.decode()
        assert reverse("visit_schedule", args=[world.family_a.uuid]) not in body
        assert reverse("referral_add", args=[world.family_a.uuid]) not in body
