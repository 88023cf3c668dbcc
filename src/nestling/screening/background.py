"""Screening's background tasks (django-tasks, run by the database worker: see the README).

An urgent alert's escalation is enqueued when the alert is raised, to run once its delay has passed.
Running it twice, early or after the alert was answered is safe: it sends only what is due and not yet sent.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from nestling.screening.alert_notices import escalation_due_at, safety_alert_escalate, safety_alert_notify
from nestling.screening.models import SafetyAlert


@task()
def escalate_unanswered_alert(alert_uuid: str) -> int:
    """Send an alert still unanswered on to the program's managers; the number of emails sent. Run before
    its time (a clock set differently), it waits again until then."""
    alert = SafetyAlert.objects.filter(uuid=alert_uuid).select_related("family").first()
    if alert is None or alert.responded_at is not None:
        return 0
    now = timezone.now()
    if now < escalation_due_at(alert):
        escalation_enqueue(alert)
        return 0
    return len(safety_alert_escalate(alert=alert, now=now))


def escalation_enqueue(alert: SafetyAlert) -> None:
    """Queue the alert's escalation for when its delay has passed (in the caller's transaction: an alert
    rolled back leaves no task)."""
    escalate_unanswered_alert.using(run_after=escalation_due_at(alert)).enqueue(str(alert.uuid))


def alert_raised(alert: SafetyAlert) -> None:
    """What follows an alert being raised: its escalation queued now, its first emails once it is
    committed (an email cannot be taken back if the alert were rolled back)."""
    escalation_enqueue(alert)
    transaction.on_commit(lambda: safety_alert_notify(alert=alert))
