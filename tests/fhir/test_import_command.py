"""`nestling import-fhir --csv`: families and children from a spreadsheet, with the same dry run."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nestling.families.models import Child, Family

GOOD = (
    "household_name,reference,caregiver_given_name,caregiver_family_name,caregiver_date_of_birth,relationship,"
    "child_given_name,child_family_name,child_date_of_birth,child_sex\n"
    "Okafor household,SP-1,Ngozi,Okafor,1994-05-02,biological_mother,Chidi,Okafor,2025-09-01,male\n"
    "Okafor household,SP-1,Ngozi,Okafor,1994-05-02,biological_mother,Ada,Okafor,2024-03-12,female\n"
)
BAD = (
    "household_name,child_family_name,child_date_of_birth,child_sex,colour\n"
    "Lee household,Lee,2025-13-01,female,blue\n"
)


def _run(world, tmp_path, content, *extra, by=None):
    path = tmp_path / "families.csv"
    path.write_text(content)
    call_command(
        "import-fhir",
        str(path),
        "--csv",
        "--organization",
        str(world.org.uuid),
        "--program",
        str(world.program.uuid),
        "--by",
        (by or world.practitioner).email,
        *extra,
    )


def test_a_csv_dry_run_writes_nothing_then_the_import_makes_one_family_with_two_children(
    world, tmp_path, capsys
):
    before = Family.objects.count()
    _run(world, tmp_path, GOOD, "--dry-run")
    assert "Dry run" in capsys.readouterr().out and Family.objects.count() == before
    _run(world, tmp_path, GOOD)
    family = Family.objects.get(name="Okafor household")
    assert Child.objects.filter(family=family).count() == 2
    assert family.caregivers.count() == 1 and family.relationships.count() == 2
    _run(world, tmp_path, GOOD)  # the same file again
    assert Family.objects.filter(name="Okafor household").count() == 1


def test_a_bad_csv_lists_its_problems_and_exits_2(world, tmp_path, capsys):
    with pytest.raises(CommandError) as refused:
        _run(world, tmp_path, BAD)
    assert refused.value.returncode == 2
    assert "colour" in str(refused.value) or "colour" in capsys.readouterr().err


# The same person in two households of one file: the second looks like a duplicate only once the first is
# written, so the import finds it in the real run — and then writes neither household.
TWICE = (
    "household_name,reference,caregiver_given_name,caregiver_family_name,caregiver_date_of_birth,relationship,"
    "child_given_name,child_family_name,child_date_of_birth,child_sex\n"
    "Moreau household,SP-7,Elodie,Moreau,1991-02-14,biological_mother,Jules,Moreau,2025-06-03,male\n"
    "Moreau-Petit household,SP-8,Elodie,Moreau,1991-02-14,biological_mother,Lina,Petit,2025-06-03,female\n"
)


def test_a_csv_is_imported_whole_or_not_at_all(world, tmp_path, capsys):
    before = Family.objects.count()
    with pytest.raises(CommandError) as refused:
        _run(world, tmp_path, TWICE)
    assert refused.value.returncode == 2
    assert Family.objects.count() == before
    assert "nothing was imported" in str(refused.value)


def test_a_csv_import_by_someone_who_may_not_open_families_is_refused_plainly(world, tmp_path):
    with pytest.raises(CommandError) as refused:
        _run(world, tmp_path, GOOD, by=world.supervisor)
    assert refused.value.returncode == 2 and "may not open families" in str(refused.value)
    assert not Family.objects.filter(name="Okafor household").exists()
