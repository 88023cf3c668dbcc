"""Family references are drawn at random, so one family's reference (say, on a letter) says nothing about
another's: emergency access finds a family by its reference alone."""

from __future__ import annotations

import random
import re
from typing import Any

from django.core.management import call_command

from nestling.families.models import Family
from nestling.families.services.household import (
    REFERENCE_ALPHABET,
    family_create,
    family_reference_draw,
    family_reference_new,
)
from tests.factories.families import FamilyFactory

DRAWN = re.compile(rf"^NST-[{REFERENCE_ALPHABET}]{{8}}$")


def _intake(world) -> dict[str, Any]:
    return {
        "program": world.program,
        "by": world.practitioner,
        "referral_source": "self",
        "service_level": "promotion",
    }


def test_the_alphabet_leaves_out_characters_read_as_others():
    assert not set("01ILOU") & set(REFERENCE_ALPHABET)


def test_new_families_get_random_references_that_do_not_follow_each_other(world):
    # When a practitioner opens two families without typing a reference
    first = family_create(name="Fern household", **_intake(world))
    second = family_create(name="Moss household", **_intake(world))
    # Then each has NST- and eight characters drawn from the unambiguous alphabet, unrelated to the other
    assert DRAWN.match(first.reference) and DRAWN.match(second.reference)
    assert first.reference != second.reference


def test_a_reference_the_organization_already_has_is_drawn_again(world):
    # Given a family that already has the reference a draw would give first
    taken = family_reference_draw(random.Random(7))
    FamilyFactory(program=world.program, reference=taken.lower())
    # When a new reference is drawn from the same sequence
    drawn = family_reference_new(organization_id=world.org.pk, rng=random.Random(7))
    # Then it is the next free one, not a duplicate (references are compared whatever the case)
    assert drawn != taken and DRAWN.match(drawn)


def test_another_organizations_reference_is_no_collision(world):
    taken = family_reference_draw(random.Random(7))
    FamilyFactory(program=world.family_x.program, reference=taken)
    assert family_reference_new(organization_id=world.org.pk, rng=random.Random(7)) == taken


def test_a_typed_reference_and_existing_references_are_kept_as_they_are(world):
    typed = family_create(name="Ash household", reference="HV-2031", **_intake(world))
    assert typed.reference == "HV-2031"
    assert Family.objects.get(pk=world.family_a.pk).reference == world.family_a.reference


def test_the_demo_families_have_random_unique_references(db, capsys):
    call_command("demo")
    references = list(Family.objects.values_list("reference", flat=True))
    assert len(references) == 24 and len(set(references)) == 24
    assert all(DRAWN.match(reference) for reference in references), references
