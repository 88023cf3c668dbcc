"""``nestling instruments wording-template | import-wording | remove-wording``: a program loads its own
licensed copy of an instrument's wording. Every text here is synthetic."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nestling.audit.models import AuditAction, AuditEvent
from nestling.screening.models import InstrumentWording
from nestling.screening.scoring import default_library
from nestling.screening.scoring.wording import wording_template

SRC = str(Path(__file__).resolve().parents[2] / "src")
LICENCE = "Synthetic permission letter 2026-03"


def write_copy(tmp_path: Path, instrument: str = "epds", tag: str = "", name: str = "copy.json") -> Path:
    """A filled-in template with synthetic texts, as a program would save it."""
    data = wording_template(default_library().get(instrument))
    data["preamble"] = f"Synthetic{tag} preamble."
    for item in data["items"]:
        item["text"] = f"Synthetic{tag} item {item['number']} text"
        for p, option in enumerate(item["options"], start=1):
            option["label"] = f"Synthetic{tag} choice {item['number']}.{p}"
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def instruments(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("instruments", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> tuple[CommandError, str]:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("instruments", *args, stdout=StringIO(), stderr=err)
    return caught.value, err.getvalue()


def import_args(path: Path, org_slug: str, *extra: str) -> list[str]:
    return ["import-wording", str(path), "--organization", org_slug, "--licence", LICENCE, *extra]


def wording_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(category="instrument_wording").order_by("seq"))


def test_the_template_command_prints_json_to_fill_in():
    out, _ = instruments("wording-template", "epds")

    assert json.loads(out) == wording_template(default_library().get("epds@1"))


@pytest.mark.parametrize(
    ("instrument", "message"),
    [("phq-9", "phq-9@1 ships with its wording"), ("bdi-ii", "unknown instrument 'bdi-ii'")],
)
def test_the_template_command_refuses_shipped_and_unknown_instruments(instrument, message):
    error, _ = refused("wording-template", instrument)

    assert error.returncode == 2 and message in str(error)


def test_an_import_stores_the_wording_and_audits_it(world, tmp_path):
    # Given a filled-in EPDS copy
    path = write_copy(tmp_path)
    # When the program imports it
    out, _ = instruments(*import_args(path, world.org.slug))
    # Then one row holds every text, the file's hash, the licence and who ran it
    assert out.strip() == f"Imported epds@1 (en) for {world.org.slug}: 10 items."
    wording = InstrumentWording.objects.get()
    assert (wording.organization, wording.definition, wording.language) == (world.org, "epds@1", "en")
    assert wording.item_texts["10"] == "Synthetic item 10 text"
    assert wording.option_labels["3"] == [f"Synthetic choice 3.{p}" for p in (1, 2, 3, 4)]
    assert wording.preamble == "Synthetic preamble."
    assert wording.licence_reference == LICENCE
    assert wording.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert wording.imported_by_label.startswith("command line (")
    # And the import is in the organization's audit trail
    [event] = wording_events()
    assert (event.action, event.organization_id, event.subject_id) == (
        AuditAction.CREATE,
        world.org.pk,
        str(wording.uuid),
    )
    assert event.detail["after"]["licence_reference"] == LICENCE
    assert event.detail["after"]["file_sha256"] == wording.file_sha256


def test_an_import_names_the_staff_member_given_with_by(world, tmp_path):
    instruments(*import_args(write_copy(tmp_path), world.org.slug, "--by", world.admin.email))

    wording = InstrumentWording.objects.get()
    assert wording.imported_by == world.admin
    assert wording.imported_by_label.startswith(f"{world.admin.email}, command line (")
    assert wording_events()[0].actor_id == world.admin.pk


def test_every_problem_is_listed_together_and_nothing_is_written(world, tmp_path):
    # Given a copy with the wrong number of items, an empty text and an unknown key
    path = write_copy(tmp_path)
    data = json.loads(path.read_text())
    data["items"].pop()
    data["items"][0]["text"] = ""
    data["items"][1]["comment"] = "?"
    path.write_text(json.dumps(data))
    # When it is imported for an unknown organization, with no licence and a bad language
    error, err = refused(
        "import-wording", str(path), "--organization", "nowhere", "--licence", " ", "--language", "Español"
    )
    # Then every problem is on stderr, one per line, and the exit status is 2
    assert error.returncode == 2
    assert "nothing imported" in str(error)
    assert err.splitlines() == [
        "--organization: there is no organization with the short name 'nowhere'",
        "licence: say which licence or permission covers this copy, e.g. a letter's date",
        "language: 'español' is not a language code such as en, es or pt-br",
        "items: epds@1 has 10 items; the file has 9",
        "item 1 text: is empty",
        "item 2: unknown key 'comment' (expected number, text, options)",
    ]
    assert not InstrumentWording.objects.exists()
    assert wording_events() == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ not json", "file: is not valid JSON (line 1, column 3"),
        (json.dumps({"instrument": "phq-9@1", "items": [{}]}), "instrument: phq-9@1 ships with its wording"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused(world, tmp_path, content, message):
    path = tmp_path / "copy.json"
    path.write_text(content)

    error, err = refused(*import_args(path, world.org.slug))

    assert error.returncode == 2
    assert message in err
    assert not InstrumentWording.objects.exists()


def test_a_missing_file_is_refused(world, tmp_path):
    error, err = refused(*import_args(tmp_path / "absent.json", world.org.slug))

    assert error.returncode == 2 and "absent.json cannot be read" in err


def test_by_must_name_active_staff_of_that_organization(world, tmp_path):
    error, err = refused(*import_args(write_copy(tmp_path), world.org.slug, "--by", world.outsider.email))

    assert error.returncode == 2
    assert f"has no active staff member with the email '{world.outsider.email}'" in err
    assert not InstrumentWording.objects.exists()


def test_a_dry_run_checks_everything_and_writes_nothing(world, tmp_path):
    out, _ = instruments(*import_args(write_copy(tmp_path), world.org.slug, "--dry-run"))

    assert (
        out.strip()
        == f"Dry run: epds@1 (en) for {world.org.slug}: 10 items would be imported; nothing written."
    )
    assert not InstrumentWording.objects.exists()
    assert wording_events() == []


def test_a_dry_run_of_a_bad_file_still_lists_its_problems(world, tmp_path):
    path = write_copy(tmp_path)
    data = json.loads(path.read_text())
    data["items"][4]["options"].pop()
    path.write_text(json.dumps(data))

    error, err = refused(*import_args(path, world.org.slug, "--dry-run"))

    assert error.returncode == 2
    assert err.splitlines() == ["item 5: the key has 4 options; the file has 3"]


def test_a_reimport_replaces_the_wording_and_audits_before_and_after(world, tmp_path):
    # Given an imported copy
    first = write_copy(tmp_path, name="first.json")
    instruments(*import_args(first, world.org.slug))
    wording = InstrumentWording.objects.get()
    # When a corrected copy is imported for the same instrument and language
    second = write_copy(tmp_path, tag=" corrected", name="second.json")
    out, _ = instruments(*import_args(second, world.org.slug))
    # Then the same row now holds the new wording, one version on
    assert out.startswith("Replaced epds@1 (en)")
    replaced = InstrumentWording.objects.get()
    assert replaced.pk == wording.pk and replaced.version == 2
    assert replaced.item_texts["1"] == "Synthetic corrected item 1 text"
    assert replaced.file_sha256 == hashlib.sha256(second.read_bytes()).hexdigest()
    # And the audit row says what it replaced
    created, changed = wording_events()
    assert (created.action, changed.action) == (AuditAction.CREATE, AuditAction.CHANGE)
    assert changed.detail["before"]["file_sha256"] == hashlib.sha256(first.read_bytes()).hexdigest()
    assert changed.detail["after"]["version"] == 2


def test_importing_the_same_file_again_changes_nothing(world, tmp_path):
    path = write_copy(tmp_path)
    instruments(*import_args(path, world.org.slug))

    out, _ = instruments(*import_args(path, world.org.slug))

    assert out.startswith("Unchanged: epds@1 (en)")
    assert InstrumentWording.objects.get().version == 1
    assert len(wording_events()) == 1


def test_each_language_is_its_own_copy(world, tmp_path):
    instruments(*import_args(write_copy(tmp_path), world.org.slug))
    instruments(
        *import_args(write_copy(tmp_path, tag=" es", name="es.json"), world.org.slug, "--language", "ES")
    )

    assert sorted(InstrumentWording.objects.values_list("language", flat=True)) == ["en", "es"]


def test_remove_deletes_the_wording_and_audits_it(world, tmp_path):
    instruments(*import_args(write_copy(tmp_path), world.org.slug))
    instruments(*import_args(write_copy(tmp_path, name="es.json"), world.org.slug, "--language", "es"))
    uuids = {str(u) for u in InstrumentWording.objects.values_list("uuid", flat=True)}

    out, _ = instruments("remove-wording", "epds", "--organization", world.org.slug)

    assert out.strip() == f"Removed epds@1 (en, es) for {world.org.slug}."
    assert not InstrumentWording.objects.exists()
    removals = [e for e in wording_events() if e.action == AuditAction.DELETE]
    assert {e.subject_id for e in removals} == uuids
    assert {e.detail["before"]["licence_reference"] for e in removals} == {LICENCE}


def test_remove_can_take_one_language_only(world, tmp_path):
    instruments(*import_args(write_copy(tmp_path), world.org.slug))
    instruments(*import_args(write_copy(tmp_path, name="es.json"), world.org.slug, "--language", "es"))

    instruments("remove-wording", "epds@1", "--organization", world.org.slug, "--language", "es")

    assert list(InstrumentWording.objects.values_list("language", flat=True)) == ["en"]


def test_remove_refuses_what_is_not_loaded_or_another_organizations_copy(world, tmp_path):
    other = world.family_x.organization
    instruments(*import_args(write_copy(tmp_path), other.slug))

    error, err = refused("remove-wording", "epds", "--organization", world.org.slug)

    assert error.returncode == 2
    assert err.strip() == f"{world.org.slug} has no wording of epds@1 to remove"
    assert InstrumentWording.objects.get().organization == other


def test_remove_refuses_an_unknown_instrument(world):
    error, err = refused("remove-wording", "bdi-ii", "--organization", world.org.slug)

    assert error.returncode == 2 and "unknown instrument 'bdi-ii'" in err


def test_from_the_shell_a_refusal_exits_2_without_a_traceback():
    env = {**os.environ, "PYTHONPATH": SRC, "DJANGO_SETTINGS_MODULE": "nestling.settings"}
    completed = subprocess.run(
        [sys.executable, "-m", "django", "instruments", "wording-template", "phq-9"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "Traceback" not in completed.stderr
    assert (
        completed.stderr.strip() == "CommandError: phq-9@1 ships with its wording; there is nothing to import"
    )


def test_the_list_says_which_copies_an_organization_has_loaded(world, tmp_path):
    instruments(*import_args(write_copy(tmp_path), world.org.slug))
    out, _ = instruments("list", "--organization", world.org.slug)
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert "loaded (en)" in lines["epds"]
    assert "not loaded" in lines["hits"]
    assert "shipped" in lines["phq-9"]
    error, _ = refused("list", "--organization", "no-such-org")
    assert "no organization with the short name 'no-such-org'" in str(error)
