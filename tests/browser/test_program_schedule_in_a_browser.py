from __future__ import annotations

import pytest

from nestling.screening.models import ProgramSchedule
from tests.browser.test_sign_in_and_caseload import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_changes_the_programs_screening_schedule(world, page, assert_accessible):
    # Given the program manager on the program overview
    _sign_in(page, world.manager.email)
    page.goto("/program/")
    page.get_by_role("link", name=f"Schedule of {world.program.name}").click()
    page.wait_for_url("**/screening-schedule/")
    assert page.get_by_text("uses Nestling's default schedule").is_visible()
    assert_accessible(page, "screening schedule")
    # When they move the enrollment PHQ-9 to a negative day and save
    page.get_by_label("Line 1: At", exact=True).fill("-1")
    page.get_by_role("button", name="Save schedule").click()
    # Then the line is marked, nothing is saved, and the page stays accessible
    assert page.get_by_text("0 or more.").is_visible()
    assert not ProgramSchedule.objects.exists()
    assert_accessible(page, "screening schedule with an error")
    # When they correct it to 7 days after enrollment and save again
    page.get_by_label("Line 1: At", exact=True).fill("7")
    page.get_by_role("button", name="Save schedule").click()
    page.get_by_text("Schedule saved.").wait_for()
    stored = ProgramSchedule.objects.get(program=world.program)
    assert stored.rows[0]["offset"] == 7
    assert page.get_by_text("The program's own schedule").is_visible()
