"""Screening histories for a few demo caregivers, recorded through the same service a practitioner uses,
so scores, safety alerts and follow-up tasks are exactly what the product would make. One postnatal
EPDS has a self-harm answer whose urgent alert was answered with a safety assessment; follow-ups of
positive screens more than a month old were closed with a referral. Invented answers; a fixed handful
of rows, so the bulk demo stays fast."""

from __future__ import annotations

from datetime import date, timedelta

from nestling.accounts.models import User
from nestling.families.models import Caregiver, Family
from nestling.screening.models import FollowUpOutcome, FollowUpTask, ResponseKind, SafetyAlert
from nestling.screening.services import follow_up_task_complete, safety_alert_respond, screening_record

# (instrument, days ago, answer positions in printed order)
HISTORIES: list[list[tuple[str, int, list[int]]]] = [
    # Depressive symptoms easing over the months of a home-visiting enrollment.
    [
        ("phq-9", 120, [1, 2, 1, 2, 1, 1, 1, 0, 0]),
        ("phq-9", 60, [1, 1, 0, 1, 1, 0, 1, 0, 0]),
        ("phq-9", 10, [0, 1, 0, 1, 0, 0, 0, 0, 0]),
    ],
    # A postnatal EPDS that answered item 10 ("the thought of harming myself") above 0.
    [
        ("epds", 75, [1, 1, 2, 1, 2, 1, 2, 1, 2, 3]),
        ("epds", 21, [2, 2, 1, 2, 1, 2, 1, 2, 1, 2]),
    ],
    # Anxiety and food insecurity screens.
    [
        ("gad-7", 45, [1, 1, 2, 1, 0, 1, 1]),
        ("hunger-vital-sign", 45, [1, 2]),
    ],
]


def add_screening_histories(*, families: list[Family], practitioner: User, today: date) -> int:
    """Record the histories for the first caregiver of each family; returns how many results were made."""
    made = 0
    for family, history in zip(families, HISTORIES, strict=False):
        caregiver = Caregiver.objects.filter(family=family).order_by("pk").first()
        if caregiver is None:
            continue
        for instrument, days_ago, answers in history:
            screening_record(
                family=family,
                subject=caregiver,
                instrument_id=instrument,
                answers=answers,
                by=practitioner,
                administered_on=today - timedelta(days=days_ago),
            )
            made += 1
    for alert in SafetyAlert.objects.filter(family__in=families, responded_at__isnull=True):
        safety_alert_respond(
            alert=alert,
            by=practitioner,
            kind=ResponseKind.SAFETY_ASSESSMENT_DONE,
            note="Safety plan made with the caregiver the same visit; partner and GP aware.",
        )
    # The practitioner followed up the older positive screens; the recent ones are still to do.
    for task in FollowUpTask.objects.filter(
        family__in=families, done_at__isnull=True, due_on__lt=today - timedelta(days=14)
    ).select_related("family"):
        follow_up_task_complete(
            task=task,
            by=practitioner,
            kind=FollowUpOutcome.REFERRAL_MADE,
            note="Referred to the perinatal mental health team; first appointment booked.",
            version=task.version,
        )
    return made
