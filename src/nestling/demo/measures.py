"""Screens enough for the program measures to show something: a PHQ-2 for two caregivers in three of the
bulk families (not Pat's and Noor's hand-shaped ones), on a day within the first three months after
enrollment (a few just after), so the depression-screening rate has months to trend over. Plain rows
through `fast_insert`, as the rest of the bulk demo; invented answers."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from nestling.demo.fast_insert import Table, reset_sequences
from nestling.families.models import Enrollment, Subject
from nestling.screening.models import ScreeningResult

CHUNK = 5000
HAND_SHAPED = 24  # the first families have histories of their own


def add_measure_screens(*, org_id: int, family_ids: list[int], staff_id: int, today: date) -> int:
    """A PHQ-2 for most bulk families' first caregiver; returns how many were written."""
    bulk = family_ids[HAND_SHAPED:]
    caregivers: dict[int, UUID] = {}
    for family_id, subject in (
        Subject.objects.filter(organization_id=org_id, kind="caregiver")
        .order_by("pk")
        .values_list("family_id", "uuid")
    ):
        caregivers.setdefault(family_id, subject)
    enrolled = dict(
        Enrollment.objects.filter(organization_id=org_id)
        .order_by("enrolled_on")
        .values_list("family_id", "enrolled_on")
    )
    table = Table(ScreeningResult)
    written = 0
    for index, family_id in enumerate(bulk):
        person, start = caregivers.get(family_id), enrolled.get(family_id)
        if person is None or start is None or index % 3 == 2:
            continue
        # Most within the 90 days; one in eight a little after, so some windows close unmet.
        on = start + timedelta(days=(index * 13) % 85 + (20 if index % 8 == 0 else 0))
        if on > today:
            continue
        answers = [index % 2, (index // 2) % 2]  # below the cut-off: no follow-up owed
        table.row(
            organization_id=org_id,
            family_id=family_id,
            subject_id=person,
            instrument="phq-2",
            definition="phq-2@1",
            answers=answers,
            context={},
            total=sum(answers),
            band="negative",
            positive=False,
            flags=[],
            subscales={},
            administered_on=on,
            administered_by_id=staff_id,
            respondent="caregiver",
            created_by_id=staff_id,
        )
        written += 1
        if len(table.pending) >= CHUNK:
            table.flush()
    table.flush()
    reset_sequences([ScreeningResult])
    return written
