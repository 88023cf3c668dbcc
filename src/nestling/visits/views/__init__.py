"""The visit pages, one module per part: scheduling, the visit and what becomes of it (visits.py), its page
and note (note_page.py), group sessions (groups.py)."""

from nestling.visits.views.groups import (
    group_attendance_add,
    group_attendance_edit,
    group_session_add,
    group_session_view,
    program_groups,
)
from nestling.visits.views.note_page import note_addendum_view, visit_note_autosave, visit_note_view
from nestling.visits.views.visits import (
    family_visits_view,
    visit_cancel_view,
    visit_detail,
    visit_missed_view,
    visit_record_view,
    visit_reschedule_view,
    visit_schedule_view,
)

__all__ = [
    "family_visits_view",
    "group_attendance_add",
    "group_attendance_edit",
    "group_session_add",
    "group_session_view",
    "note_addendum_view",
    "program_groups",
    "visit_cancel_view",
    "visit_detail",
    "visit_missed_view",
    "visit_note_autosave",
    "visit_note_view",
    "visit_record_view",
    "visit_reschedule_view",
    "visit_schedule_view",
]
