"""The demo has a formulated toddler with two versions, made as a practitioner would make them."""

from __future__ import annotations

from django.core.management import call_command

from nestling.formulation.models import Formulation


def test_the_demo_has_a_toddler_formulated_at_intake_and_revised_at_a_review(db, capsys):
    call_command("demo")
    formulation = Formulation.objects.get()
    first, second = formulation.versions.order_by("number")
    assert (first.occasion, second.occasion) == ("intake", "review")
    assert first.diagnoses.get().icd10 == "" and first.stressors.count() == 2
    assert [r.level for r in first.relationships.all()] != [r.level for r in second.relationships.all()] or (
        first.relationships.count() == 1
    )
