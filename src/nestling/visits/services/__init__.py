"""The one way visits, their notes and group sessions are written, split by sub-domain: scheduling and
what becomes of a visit (scheduling.py), recording it as held and linking what was done during it
(recording.py), its note (notes.py), group sessions and attendance (groups.py)."""

from nestling.visits.services.groups import (
    group_attendance_record,
    group_attendance_update,
    group_session_create,
)
from nestling.visits.services.notes import (
    NO_NOTE_YET,
    NOTE_FIELDS,
    note_addendum_add,
    visit_note_save,
    visit_note_sign,
)
from nestling.visits.services.recording import (
    qualification_refusal,
    visit_link_measurement,
    visit_link_screening,
    visit_record,
)
from nestling.visits.services.scheduling import (
    MAX_MINUTES,
    MIN_MINUTES,
    visit_cancel,
    visit_mark_missed,
    visit_reschedule,
    visit_schedule,
)

__all__ = [
    "MAX_MINUTES",
    "MIN_MINUTES",
    "NOTE_FIELDS",
    "NO_NOTE_YET",
    "group_attendance_record",
    "group_attendance_update",
    "group_session_create",
    "note_addendum_add",
    "qualification_refusal",
    "visit_cancel",
    "visit_link_measurement",
    "visit_link_screening",
    "visit_mark_missed",
    "visit_note_save",
    "visit_note_sign",
    "visit_record",
    "visit_reschedule",
    "visit_schedule",
]
