"""A program's own screening schedule: checked as a whole, saved without overwriting a colleague's save,
audited, and used wherever due screens are shown."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nestling.accounts.models import Role, RoleAssignment
from nestling.audit.models import AuditEvent
from nestling.families.age import CorrectionRule
from nestling.screening.models import ProgramSchedule
from nestling.screening.program import (
    DEFAULT_SCHEDULE,
    ROW_FIELDS,
    schedule_errors,
    schedule_from_rows,
    screen_to_row,
)
from nestling.screening.scoring import default_library
from nestling.screening.selectors import family_screening
from nestling.screening.services import ScheduleChanged, program_schedule_save
from tests.factories.accounts import UserFactory
from tests.factories.families import CaregiverFactory, EnrollmentFactory
from tests.factories.organizations import ProgramFactory

TODAY = datetime.date.today()
DEFAULT_ROWS = [screen_to_row(screen) for screen in DEFAULT_SCHEDULE]
PHQ9_AT_6_MONTHS = {
    "instrument": "phq-9",
    "who": "caregiver",
    "anchor": "enrollment",
    "offset": 6,
    "unit": "months",
    "window_before_days": 14,
    "window_after_days": 30,
    "age_basis": "chronological",
    "stale_after_days": 90,
}


def _post_data(rows: list[dict], *, version: int, initial: int | None = None) -> dict[str, str]:
    data = {
        "version": str(version),
        "row-TOTAL_FORMS": str(len(rows)),
        "row-INITIAL_FORMS": str(len(rows) if initial is None else initial),
        "row-MIN_NUM_FORMS": "0",
        "row-MAX_NUM_FORMS": "60",
    }
    for n, row in enumerate(rows):
        for name in ROW_FIELDS:
            data[f"row-{n}-{name}"] = str(row[name])
    return data


def test_the_default_schedule_is_valid_and_survives_a_round_trip():
    assert schedule_errors(DEFAULT_ROWS, default_library()) == []
    assert schedule_from_rows(DEFAULT_ROWS) == DEFAULT_SCHEDULE


def test_every_problem_of_a_schedule_is_listed_with_its_line():
    rows = [
        dict(PHQ9_AT_6_MONTHS, who="child", anchor="birth"),  # an adult screen for a child
        dict(PHQ9_AT_6_MONTHS, instrument="mchat-r", who="child", anchor="birth", offset=6),  # too young
        dict(PHQ9_AT_6_MONTHS, instrument="no-such-screen"),
        dict(PHQ9_AT_6_MONTHS, anchor="delivery"),  # every caregiver has no delivery date
        PHQ9_AT_6_MONTHS,
        PHQ9_AT_6_MONTHS,
    ]
    errors = schedule_errors(rows, default_library())
    assert any(e.startswith("row 1:") and "about a caregiver, not a child" in e for e in errors)
    assert any(e.startswith("row 2:") and "16 to 30 months, not 6" in e for e in errors)
    assert any(e.startswith("row 3:") and "not an instrument" in e for e in errors)
    assert any(e.startswith("row 4:") and "counts from enrollment" in e for e in errors)
    assert "row 6: the same screen as row 5" in errors


def test_a_program_schedule_decides_what_is_due(world):
    # Given a family enrolled 6 months ago whose caregiver had the enrollment PHQ-9
    enrolled = TODAY - datetime.timedelta(days=183)
    EnrollmentFactory(family=world.family_a, enrolled_on=enrolled)
    mother = CaregiverFactory(family=world.family_a)
    from nestling.screening.services import screening_record

    screening_record(
        family=world.family_a,
        subject=mother,
        instrument_id="phq-9",
        answers=[0] * 9,
        by=world.practitioner,
        administered_on=enrolled,
    )

    def due() -> set[str]:
        world.family_a.program.refresh_from_db()
        people = family_screening(family=world.family_a, on=TODAY, rule=CorrectionRule())
        return {d.definition.id for p in people if p.subject == mother for d in p.due}

    # Under the default schedule nothing is due for her
    assert due() == set()
    # When the program adds a PHQ-9 six months after enrollment
    program_schedule_save(
        program=world.program, rows=[*DEFAULT_ROWS, PHQ9_AT_6_MONTHS], by=world.manager, version=0
    )
    # Then it is due now
    assert due() == {"phq-9"}


def test_a_manager_edits_the_schedule_in_one_table(world, signed_in):
    client = signed_in(world.manager)
    url = reverse("program_schedule", args=[world.program.uuid])
    page = client.get(url).content.decode()
    assert "uses Nestling's default schedule" in page
    assert page.count('name="row-') > 0
    # When they add a line and save
    response = client.post(
        url, _post_data([*DEFAULT_ROWS, PHQ9_AT_6_MONTHS], version=0, initial=len(DEFAULT_ROWS))
    )
    assert response.status_code == 302
    stored = ProgramSchedule.objects.get(program=world.program)
    assert stored.version == 1 and stored.rows[-1] == PHQ9_AT_6_MONTHS and stored.updated_by == world.manager
    # Then the change is audited with what it was and what it became
    event = AuditEvent.objects.filter(subject_type="program", category="settings").latest("seq")
    assert event.detail["screening_schedule"] == "saved"
    assert len(event.detail["after"]) == len(DEFAULT_ROWS) + 1
    # And the page says it is the program's own
    assert "The program's own schedule" in client.get(url).content.decode()


def test_a_blank_added_line_is_ignored_and_a_removed_line_goes(world, signed_in):
    client = signed_in(world.manager)
    url = reverse("program_schedule", args=[world.program.uuid])
    data = _post_data(DEFAULT_ROWS, version=0)
    data["row-0-DELETE"] = "on"
    data["row-TOTAL_FORMS"] = str(len(DEFAULT_ROWS) + 1)  # one extra line left empty
    assert client.post(url, data).status_code == 302
    assert ProgramSchedule.objects.get().rows == DEFAULT_ROWS[1:]


def test_a_bad_schedule_is_refused_whole_and_keeps_what_was_typed(world, signed_in):
    client = signed_in(world.manager)
    url = reverse("program_schedule", args=[world.program.uuid])
    bad = [dict(PHQ9_AT_6_MONTHS, who="child", anchor="birth"), dict(PHQ9_AT_6_MONTHS, offset=-2)]
    response = client.post(url, _post_data(bad, version=0))
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert 'value="-2"' in html  # what was typed is still there
    # Both lines' problems are shown in the same round, each beside its line
    assert "0 or more." in html
    assert "Line 1:" in html and "about a caregiver, not a child" in html
    assert not ProgramSchedule.objects.exists()


def test_a_save_over_a_colleagues_newer_save_is_refused_then_made_knowingly(world, signed_in):
    other = UserFactory(organization=world.org, roles=[Role.MANAGER])
    url = reverse("program_schedule", args=[world.program.uuid])
    # Given another manager saved a schedule after this one opened the page (at the default)
    program_schedule_save(program=world.program, rows=DEFAULT_ROWS[:3], by=other, version=0)
    # When this manager saves their own version
    client = signed_in(world.manager)
    response = client.post(url, _post_data([*DEFAULT_ROWS, PHQ9_AT_6_MONTHS], version=0))
    html = response.content.decode()
    # Then nothing of theirs was saved, they see what is saved now and still have their own lines
    assert response.status_code == 409
    assert "saved this schedule while you were editing it" in html
    assert "The schedule as it is saved now" in html
    assert ProgramSchedule.objects.get().rows == DEFAULT_ROWS[:3]
    assert 'name="version" value="1"' in html
    # And saving again replaces it knowingly
    assert client.post(url, _post_data([*DEFAULT_ROWS, PHQ9_AT_6_MONTHS], version=1)).status_code == 302
    assert ProgramSchedule.objects.get().version == 2


def test_the_service_refuses_a_stale_version(world):
    program_schedule_save(program=world.program, rows=DEFAULT_ROWS, by=world.manager, version=0)
    with pytest.raises(ScheduleChanged):
        program_schedule_save(program=world.program, rows=DEFAULT_ROWS[:1], by=world.manager, version=0)


def test_going_back_to_the_default(world, signed_in):
    program_schedule_save(program=world.program, rows=DEFAULT_ROWS[:2], by=world.manager, version=0)
    client = signed_in(world.admin)
    url = reverse("program_schedule", args=[world.program.uuid])
    assert client.post(url, {"action": "default", "version": "1"}).status_code == 302
    assert not ProgramSchedule.objects.exists()


def test_a_manager_of_another_program_cannot_open_this_one(world, signed_in):
    elsewhere = ProgramFactory(organization=world.org)
    limited = UserFactory(organization=world.org)
    RoleAssignment.objects.create(organization=world.org, user=limited, role=Role.MANAGER, program=elsewhere)
    client = signed_in(limited)
    assert client.get(reverse("program_schedule", args=[world.program.uuid])).status_code == 404
    assert client.get(reverse("program_schedule", args=[elsewhere.uuid])).status_code == 200


def test_the_family_page_reads_the_program_schedule_without_another_query(world, signed_in):
    client = signed_in(world.practitioner)
    url = reverse("family_detail", args=[world.family_a.uuid])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    program_schedule_save(program=world.program, rows=DEFAULT_ROWS, by=world.manager, version=0)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)
