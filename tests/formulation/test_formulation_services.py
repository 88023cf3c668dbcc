"""Writing a formulation: the first version, revisions as new versions, and every refusal."""

from __future__ import annotations

import uuid

import pytest

from nestling.access.denials import AccessDenied
from nestling.formulation.models import AxisFourStressor, Formulation, FormulationVersion
from nestling.formulation.selectors import compare, versions_of
from nestling.formulation.services import (
    ConditionDraft,
    DiagnosisDraft,
    RelationshipDraft,
    StressorDraft,
    formulation_create,
    formulation_revise,
)
from nestling.records.errors import RecordInvalid, StaleEdit
from tests.factories.families import RelationshipFactory
from tests.formulation.conftest import BORN, DAY, TODAY, draft


def test_a_first_formulation_keeps_every_axis(world, toddler):
    version = formulation_create(child=toddler.child, by=world.practitioner, draft=draft(toddler))
    assert version.number == 1
    dx = version.diagnoses.get()
    assert (dx.name, dx.icd10, dx.certainty, dx.made_by) == (
        "Adjustment Disorder",
        "F43.2",
        "provisional",
        world.practitioner,
    )
    levels = {r.relationship_id: r.level for r in version.relationships.all()}
    assert levels == {toddler.mother.pk: 1, toddler.father.pk: 3}
    stressor = version.stressors.get()
    assert stressor.description == "Moved three times this year" and stressor.risk_factor == toddler.housing
    assert (version.environment_level, version.coparenting, version.emotional) == (2, "concern", "emerging")


def test_it_refuses_a_family_outside_the_caseload(world, toddler):
    with pytest.raises(AccessDenied):
        formulation_create(child=toddler.child, by=world.colleague, draft=draft(toddler))
    with pytest.raises(AccessDenied):
        formulation_create(child=toddler.child, by=world.supervisor, draft=draft(toddler))
    assert not Formulation.objects.exists()


def test_a_confirmed_diagnosis_needs_a_discipline_that_may_diagnose(world, toddler):
    confirmed = [DiagnosisDraft("dx0", "asd", "confirmed", TODAY - 30 * DAY)]
    with pytest.raises(RecordInvalid) as refused:
        formulation_create(
            child=toddler.child, by=world.practitioner, draft=draft(toddler, diagnoses=confirmed)
        )
    message = refused.value.errors["dx0-certainty"][0]
    assert "may diagnose" in message and "provisional" in message and "program manager" in message
    assert not FormulationVersion.objects.exists()


def test_a_practitioner_who_may_diagnose_records_a_confirmed_one_with_its_code(world, toddler, diagnoser):
    confirmed = [DiagnosisDraft("dx0", "asd", "confirmed", TODAY - 30 * DAY)]
    version = formulation_create(
        child=toddler.child, by=world.practitioner, draft=draft(toddler, diagnoses=confirmed)
    )
    assert version.diagnoses.get().icd10 == "F84.0"


def test_every_problem_is_said_at_once_and_nothing_is_written(world, toddler):
    bad = draft(
        toddler,
        formulated_on=TODAY + DAY,
        occasion="whenever",
        diagnoses=[DiagnosisDraft("dx0", "not-a-diagnosis", "maybe", None)],
        conditions=[ConditionDraft("cond0", "", "not a code")],
        stressors=[StressorDraft("st0", "nowhere", "", None)],
        competence={"emotional": "brilliant"},
    )
    with pytest.raises(RecordInvalid) as refused:
        formulation_create(child=toddler.child, by=world.practitioner, draft=bad)
    assert set(refused.value.errors) >= {
        "formulated_on",
        "occasion",
        "dx0-key",
        "dx0-certainty",
        "dx0-made_on",
        "cond0-text",
        "cond0-icd10",
        "st0-group",
        "st0-description",
        "st0-onset_months",
        "emotional",
    }
    assert not Formulation.objects.exists()


def test_an_onset_older_than_the_child_is_refused_with_her_age(world, toddler):
    stressors = [StressorDraft("st0", "family", "Birth of a sibling", 30)]
    with pytest.raises(RecordInvalid) as refused:
        formulation_create(
            child=toddler.child, by=world.practitioner, draft=draft(toddler, stressors=stressors)
        )
    message = refused.value.errors["st0-onset_months"][0]
    assert "23 months old" in message and "30 months" in message


def test_a_date_before_the_birth_is_refused(world, toddler):
    with pytest.raises(RecordInvalid) as refused:
        formulation_create(
            child=toddler.child, by=world.practitioner, draft=draft(toddler, formulated_on=BORN - DAY)
        )
    assert "formulated_on" in refused.value.errors


def test_a_relationship_of_another_child_is_refused(world, toddler):
    other = RelationshipFactory(family=world.family_a)
    rels = [RelationshipDraft("rel-x", other.uuid, 1, "strength", "strength")]
    with pytest.raises(RecordInvalid) as refused:
        formulation_create(
            child=toddler.child, by=world.practitioner, draft=draft(toddler, relationships=rels)
        )
    assert "" in refused.value.errors


def test_a_sensitive_factor_is_not_offered_without_the_grant(world, toddler):
    stressors = [StressorDraft("st0", "family", "", 12, risk_factor=toddler.substance.uuid)]
    with pytest.raises(RecordInvalid) as refused:
        formulation_create(
            child=toddler.child, by=world.practitioner, draft=draft(toddler, stressors=stressors)
        )
    assert "st0-risk_factor" in refused.value.errors


def test_a_repeated_submission_makes_one_version(world, toddler):
    key = uuid.uuid4()
    first = formulation_create(
        child=toddler.child, by=world.practitioner, draft=draft(toddler), client_id=key
    )
    again = formulation_create(
        child=toddler.child, by=world.practitioner, draft=draft(toddler), client_id=key
    )
    assert first.pk == again.pk and FormulationVersion.objects.count() == 1


def test_a_revision_is_a_new_version_and_the_earlier_one_is_unchanged(world, toddler):
    first = formulation_create(child=toddler.child, by=world.practitioner, draft=draft(toddler))
    formulation = Formulation.objects.get()
    before = (first.narrative, list(first.relationships.values_list("level", flat=True)))
    revised = formulation_revise(
        formulation=formulation,
        by=world.practitioner,
        version=formulation.version,
        draft=draft(
            toddler,
            formulated_on=TODAY,
            occasion="review",
            narrative="Settling.",
            coparenting="not_a_concern",
        ),
    )
    assert revised.number == 2
    first.refresh_from_db()
    assert (first.narrative, list(first.relationships.values_list("level", flat=True))) == before
    formulation.refresh_from_db()
    assert (formulation.latest_number, formulation.latest_on) == (2, TODAY)
    views = versions_of(actor=world.practitioner, family=world.family_a, formulation=formulation)
    changed = {s.heading: s.changed for s in compare(views[0], views[1])}
    assert changed["Axis II · Relational context"] and changed["Narrative"]
    assert not changed["Axis I · Clinical disorders"]


def test_a_stale_revision_is_refused(world, toddler):
    formulation_create(child=toddler.child, by=world.practitioner, draft=draft(toddler))
    formulation = Formulation.objects.get()
    read_at = formulation.version
    formulation_revise(
        formulation=formulation,
        by=world.practitioner,
        version=read_at,
        draft=draft(toddler, formulated_on=TODAY),
    )
    with pytest.raises(StaleEdit):
        formulation_revise(
            formulation=formulation,
            by=world.practitioner,
            version=read_at,
            draft=draft(toddler, formulated_on=TODAY),
        )
    assert FormulationVersion.objects.count() == 2


def test_a_revision_dated_before_the_version_it_revises_is_refused(world, toddler):
    formulation_create(child=toddler.child, by=world.practitioner, draft=draft(toddler))
    formulation = Formulation.objects.get()
    with pytest.raises(RecordInvalid) as refused:
        formulation_revise(
            formulation=formulation,
            by=world.practitioner,
            version=formulation.version,
            draft=draft(toddler, formulated_on=TODAY - 40 * DAY),
        )
    assert "formulated_on" in refused.value.errors


def test_sensitive_stressors_are_hidden_without_the_grant_and_kept_by_a_revision(world, toddler, grant):
    # Given a colleague of the same caseload with the grant records the father's alcohol use as a stressor
    grant(world.practitioner)
    stressors = [
        StressorDraft("st0", "housing", "", 14, risk_factor=toddler.housing.uuid),
        StressorDraft("st1", "family", "", 12, risk_factor=toddler.substance.uuid),
    ]
    formulation_create(child=toddler.child, by=world.practitioner, draft=draft(toddler, stressors=stressors))
    formulation = Formulation.objects.get()
    # The supervisor (no grant) sees one stressor, and is told one is left out
    view = versions_of(actor=world.supervisor, family=world.family_a, formulation=formulation)[0]
    assert [s.description for s in view.stressors] == ["Moved three times this year"]
    assert view.left_out == 1
    assert all("alcohol" not in line for _h, lines in view.sections() for line in lines)
    # The practitioner with the grant sees both
    view = versions_of(actor=world.practitioner, family=world.family_a, formulation=formulation)[0]
    assert view.left_out == 0 and len(view.stressors) == 2


def test_a_revision_by_someone_without_the_grant_keeps_what_they_cannot_see(world, toddler, grant):
    the_grant = grant(world.practitioner)
    stressors = [StressorDraft("st1", "family", "", 12, risk_factor=toddler.substance.uuid)]
    formulation_create(child=toddler.child, by=world.practitioner, draft=draft(toddler, stressors=stressors))
    the_grant.delete()
    formulation = Formulation.objects.get()
    formulation_revise(
        formulation=formulation,
        by=world.practitioner,
        version=formulation.version,
        draft=draft(toddler, formulated_on=TODAY, stressors=[]),
    )
    kept = AxisFourStressor.objects.filter(version__number=2)
    assert [s.sensitive_category for s in kept] == ["substance_use"]
