"""The demo's directory and referrals: several states, one not moving past its expected date (its task
overdue), each made through the services a practitioner uses."""

from __future__ import annotations

from django.utils import timezone

from nestling.demo.builder import demo_build
from nestling.referrals.models import LocalService, Referral, Status
from nestling.referrals.task_kinds import REFERRAL_FOLLOW_UP
from nestling.tasks.models import Task


def test_the_demo_has_referrals_in_several_states_and_one_overdue(db):
    demo_build()
    today = timezone.localdate()
    assert LocalService.objects.filter(active=True).count() >= 5
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SENT, Status.COMPLETED, Status.FAMILY_DECLINED} <= statuses
    overdue = Task.objects.filter(kind=REFERRAL_FOLLOW_UP, done_at__isnull=True, due_on__lt=today)
    assert overdue.exists()
    completed = Referral.objects.get(status=Status.COMPLETED, domain="development")
    assert [s.status for s in completed.statuses.all()] == [
        "draft",
        "sent",
        "received",
        "appointment_set",
        "completed",
    ]
