"""Screening histories for a few demo caregivers, recorded through the same service a practitioner uses,
so scores, safety alerts and follow-up tasks are exactly what the product would make. One postnatal
EPDS has a self-harm answer whose urgent alert was answered with a safety assessment; follow-ups of
positive screens more than a month old were closed with a referral; one toddler had a moderate M-CHAT-R
and then the Follow-Up interview, which came out negative. Invented answers; a fixed handful of rows, so
the bulk demo stays fast."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from nestling.accounts.models import User
from nestling.families.age import CorrectionRule
from nestling.families.models import Caregiver, Child, Family
from nestling.screening.eligibility import refusal
from nestling.screening.models import RiskLevel, SafetyAction, SafetyAlert
from nestling.screening.safety_response import SafetyResponse, safety_alert_answer
from nestling.screening.scoring import default_library
from nestling.screening.services import follow_up_task_complete, screening_record
from nestling.tasks.kinds import TaskOutcome
from nestling.tasks.models import Task

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
        safety_alert_answer(
            alert=alert,
            by=practitioner,
            response=SafetyResponse(
                risk=RiskLevel.MODERATE,
                actions=[SafetyAction.SAFETY_PLAN, SafetyAction.CRISIS_LINE],
                note="Safety plan made with the caregiver the same visit; partner and GP aware.",
                responded_at=timezone.now(),
            ),
        )
    # The practitioner followed up the older positive screens; the recent ones are still to do.
    for task in Task.objects.filter(
        family__in=families, done_at__isnull=True, due_on__lt=today - timedelta(days=14)
    ).select_related("family"):
        follow_up_task_complete(
            task=task,
            by=practitioner,
            kind=TaskOutcome.REFERRAL_MADE,
            note="Referred to the perinatal mental health team; first appointment booked.",
            version=task.version,
        )
    return made


def add_autism_screen(*, families: list[Family], practitioner: User, today: date) -> bool:
    """A moderate M-CHAT-R twelve days ago for the first toddler of these families old enough for it
    then, and the Follow-Up interview five days ago (item 5 still failing: negative). False when no child
    fits."""
    mchat = default_library().get("mchat-r")
    rule = CorrectionRule()
    first, second = today - timedelta(days=12), today - timedelta(days=5)
    for child in Child.objects.filter(family__in=families, date_of_birth__isnull=False).order_by("pk"):
        if refusal(mchat, child, first, rule) is None and refusal(mchat, child, second, rule) is None:
            break
    else:
        return False
    # Every item "Yes": items 2, 5 and 12, where "Yes" is the answer at risk, score (moderate, 3).
    screening_record(
        family=child.family,
        subject=child,
        instrument_id="mchat-r",
        answers=[0] * 20,
        by=practitioner,
        administered_on=first,
    )
    # The Follow-Up asks only items 2, 5 and 12: pass, fail, pass (Pass is position 0, Fail 1).
    follow_up: list[int | None] = [None] * 20
    follow_up[1], follow_up[4], follow_up[11] = 0, 1, 0
    screening_record(
        family=child.family,
        subject=child,
        instrument_id="mchat-r-follow-up",
        answers=follow_up,
        by=practitioner,
        administered_on=second,
    )
    return True
