"""The screening pages, one module per part: the screens (screens.py), safety alerts (safety.py), follow-ups
(follow_up.py), a program's schedule (schedule.py)."""

from nestling.screening.views.follow_up import follow_up_view
from nestling.screening.views.safety import safety_alert_view, safety_response_edit
from nestling.screening.views.schedule import program_schedule_view
from nestling.screening.views.screens import (
    family_screening_view,
    screening_administer,
    screening_result_entered_in_error,
    screening_result_view,
)

__all__ = [
    "family_screening_view",
    "follow_up_view",
    "program_schedule_view",
    "safety_alert_view",
    "safety_response_edit",
    "screening_administer",
    "screening_result_entered_in_error",
    "screening_result_view",
]
