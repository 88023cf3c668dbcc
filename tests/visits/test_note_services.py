"""A visit's note: drafted from the version the writer holds, signed once, then added to by addenda that
keep the original."""

from __future__ import annotations

import datetime

import pytest

from nestling.access.denials import AccessDenied
from nestling.records.errors import AlreadyClosed, RecordInvalid, StaleEdit
from nestling.visits.models import NoteAddendum, VisitNote
from nestling.visits.services import NO_NOTE_YET, note_addendum_add, visit_note_save, visit_note_sign
from tests.factories.visits import VisitFactory
from tests.visits.conftest import days

LIMIT = 10_000


@pytest.fixture
def held(world, household):
    """A home visit this morning, recorded as held."""
    return VisitFactory(
        family=household.family,
        practitioner=world.practitioner,
        starts_at=datetime.time(8, 0),
        status="completed",
    )


def test_the_first_save_makes_the_draft_and_each_save_moves_its_version(world, held):
    note = visit_note_save(visit=held, by=world.practitioner, version=NO_NOTE_YET, observed="Warm greeting")
    assert (note.status, note.version, note.observed) == ("draft", 1, "Warm greeting")
    note = visit_note_save(
        visit=held, by=world.practitioner, version=1, observed="Warm greeting; shared play"
    )
    assert note.version == 2


def test_a_stale_autosave_is_refused_and_keeps_the_other_save(world, held):
    visit_note_save(visit=held, by=world.practitioner, version=NO_NOTE_YET, offered="Talked about sleep")
    visit_note_save(visit=held, by=world.practitioner, version=1, offered="Talked about sleep and crying")
    # When a page still at version 1 saves
    with pytest.raises(StaleEdit) as stale:
        visit_note_save(visit=held, by=world.practitioner, version=1, offered="Older words")
    # Then nothing is saved, and the current version is given
    assert stale.value.current_version == 2
    assert VisitNote.objects.get(visit=held).offered == "Talked about sleep and crying"
    # And a second page that thinks there is no note yet is stale too
    with pytest.raises(StaleEdit):
        visit_note_save(visit=held, by=world.practitioner, version=NO_NOTE_YET, offered="From another tab")


def test_a_part_over_10000_characters_is_refused_with_the_count(world, held):
    with pytest.raises(RecordInvalid) as refused:
        visit_note_save(visit=held, by=world.practitioner, version=NO_NOTE_YET, reflection="x" * (LIMIT + 1))
    assert "At most 10,000 characters: this has 10,001" in refused.value.errors["reflection"][0]
    assert not VisitNote.objects.exists()
    # Exactly 10,000 is kept
    note = visit_note_save(visit=held, by=world.practitioner, version=NO_NOTE_YET, reflection="x" * LIMIT)
    assert len(note.reflection) == LIMIT


def test_a_note_is_signed_only_for_a_visit_recorded_as_held(world, household):
    scheduled = VisitFactory(family=household.family, practitioner=world.practitioner, visit_on=days(1))
    # A draft may be started before the visit…
    visit_note_save(visit=scheduled, by=world.practitioner, version=NO_NOTE_YET, next_steps="Bring the book")
    # …but it is signed once the visit is recorded as held
    with pytest.raises(RecordInvalid) as refused:
        visit_note_sign(visit=scheduled, by=world.practitioner, version=1, next_steps="Bring the book")
    assert "Record the visit as held first" in refused.value.errors[""][0]


def test_signing_needs_at_least_one_part_written(world, held):
    with pytest.raises(RecordInvalid) as refused:
        visit_note_sign(visit=held, by=world.practitioner, version=NO_NOTE_YET, observed="  ", offered="")
    assert "at least one part" in refused.value.errors[""][0]


def test_a_note_is_signed_once_and_then_never_changes(world, held):
    # When the practitioner signs the note
    note = visit_note_sign(
        visit=held, by=world.practitioner, version=NO_NOTE_YET, observed="Calm feed together"
    )
    assert (note.status, note.signed_by) == ("signed", world.practitioner)
    assert note.signed_at is not None
    # Then signing it again is refused
    with pytest.raises(AlreadyClosed):
        visit_note_sign(
            visit=held, by=world.practitioner, version=note.version, observed="Calm feed together"
        )
    # And so is editing it, from any version
    with pytest.raises(AlreadyClosed) as refused:
        visit_note_save(visit=held, by=world.practitioner, version=note.version, observed="Rewritten")
    assert "add an addendum instead" in str(refused.value)
    assert VisitNote.objects.get(pk=note.pk).observed == "Calm feed together"


def test_only_a_practitioner_of_the_visit_signs_its_note(world, household):
    visit = VisitFactory(
        family=household.family,
        practitioner=world.colleague,
        starts_at=datetime.time(8, 0),
        status="completed",
    )
    with pytest.raises(RecordInvalid) as refused:
        visit_note_sign(visit=visit, by=world.practitioner, version=NO_NOTE_YET, observed="Seen")
    assert "practitioner who held the visit" in refused.value.errors[""][0]
    visit.co_practitioners.add(world.practitioner)
    assert visit_note_sign(visit=visit, by=world.practitioner, version=NO_NOTE_YET, observed="Seen").signed_at


def test_an_addendum_keeps_the_signed_note_as_it_was(world, held):
    note = visit_note_sign(visit=held, by=world.practitioner, version=NO_NOTE_YET, observed="Calm feed")
    addendum = note_addendum_add(note=note, by=world.practitioner, text="  Mother called: slept better.  ")
    assert addendum.text == "Mother called: slept better."
    note.refresh_from_db()
    assert (note.observed, note.version) == ("Calm feed", 2)
    assert list(note.addenda.all()) == [addendum]


def test_an_addendum_is_for_a_signed_note_only_and_within_the_limit(world, held):
    draft = visit_note_save(visit=held, by=world.practitioner, version=NO_NOTE_YET, observed="Draft")
    with pytest.raises(RecordInvalid) as refused:
        note_addendum_add(note=draft, by=world.practitioner, text="More")
    assert "still a draft" in refused.value.errors[""][0]
    signed = visit_note_sign(visit=held, by=world.practitioner, version=draft.version, observed="Draft")
    with pytest.raises(RecordInvalid) as refused:
        note_addendum_add(note=signed, by=world.practitioner, text="y" * (LIMIT + 5))
    assert "this has 10,005" in refused.value.errors["text"][0]
    with pytest.raises(RecordInvalid):
        note_addendum_add(note=signed, by=world.practitioner, text="   ")
    assert not NoteAddendum.objects.exists()


def test_no_note_is_written_for_a_cancelled_visit_or_by_someone_off_the_caseload(world, household):
    cancelled = VisitFactory(
        family=household.family, practitioner=world.practitioner, status="cancelled", cancelled_by="family"
    )
    with pytest.raises(RecordInvalid):
        visit_note_save(visit=cancelled, by=world.practitioner, version=NO_NOTE_YET, observed="x")
    open_visit = VisitFactory(family=household.family, practitioner=world.practitioner)
    with pytest.raises(AccessDenied):
        visit_note_save(visit=open_visit, by=world.supervisor, version=NO_NOTE_YET, observed="x")
