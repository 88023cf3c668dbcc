"""Reaching people who are not signed in about an urgent safety alert.

When an alert is raised, its practitioner and their supervisor get an email at once; when it is still
unanswered after `SAFETY_ALERT_ESCALATION_MINUTES`, the family's program managers get one. An email holds
no clinical detail — only that an urgent alert waits, and a link to it behind sign-in. Each email sent is
kept as an `AlertNotice`, one per alert, person and kind, so a notice is never sent twice and whoever reads
the alert sees who was told and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from nestling.accounts.languages import in_language_of
from nestling.accounts.models import Role, RoleAssignment, User
from nestling.screening.models import AlertNotice, NoticeKind, SafetyAlert

_TEMPLATES = {
    NoticeKind.URGENT: "screening/email/alert_urgent",
    NoticeKind.ESCALATION: "screening/email/alert_escalation",
}


def escalation_due_at(alert: SafetyAlert) -> datetime:
    """When an alert still open is sent on to the program's managers."""
    return alert.raised_at + timedelta(minutes=settings.SAFETY_ALERT_ESCALATION_MINUTES)


def alert_link(alert: SafetyAlert) -> str:
    """The alert's page, as a full address for an email (it opens behind sign-in)."""
    path = reverse("safety_alert", kwargs={"family_uuid": alert.family.uuid, "alert_uuid": alert.uuid})
    return f"{settings.SITE_URL}{path}"


def _reachable(users: Iterable[User | None]) -> list[User]:
    seen: dict[int, User] = {}
    for user in users:
        if user is not None and user.is_active and user.email and user.pk not in seen:
            seen[user.pk] = user
    return list(seen.values())


def program_managers(alert: SafetyAlert) -> list[User]:
    """The managers of the family's program: those limited to it and those of every program (one query)."""
    managing = RoleAssignment.objects.filter(
        Q(program__isnull=True) | Q(program_id=alert.family.program_id),
        organization_id=alert.organization_id,
        role=Role.MANAGER,
    ).values("user_id")
    return _reachable(User.objects.filter(pk__in=managing, is_active=True).order_by("pk"))


def _send_one(alert: SafetyAlert, recipient: User, kind: NoticeKind, now: datetime) -> AlertNotice | None:
    """Keep the notice and send its email in one transaction: a failed send keeps no notice (so it is
    tried again), and a notice already kept (a second run) sends nothing."""
    context = {"recipient": recipient, "link": alert_link(alert), "raised_at": alert.raised_at}
    base = _TEMPLATES[kind]
    try:
        with transaction.atomic():
            notice = AlertNotice.objects.create(
                organization_id=alert.organization_id,
                alert=alert,
                recipient=recipient,
                kind=kind,
                sent_at=now,
            )
            # In the recipient's language: the alert may be raised by a caregiver reading another one.
            with in_language_of(recipient):
                message = EmailMultiAlternatives(
                    subject=render_to_string(f"{base}_subject.txt", context).strip(),
                    body=render_to_string(f"{base}.txt", context),
                    to=[recipient.email],
                )
                message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
            message.send()
    except IntegrityError:
        return None
    return notice


def _send(alert: SafetyAlert, recipients: list[User], kind: NoticeKind, now: datetime) -> list[AlertNotice]:
    already = set(AlertNotice.objects.filter(alert=alert, kind=kind).values_list("recipient_id", flat=True))
    sent = [_send_one(alert, recipient, kind, now) for recipient in recipients if recipient.pk not in already]
    return [notice for notice in sent if notice is not None]


def safety_alert_notify(*, alert: SafetyAlert, now: datetime | None = None) -> list[AlertNotice]:
    """Email the alert's practitioner and supervisor that an urgent alert waits (once each); nothing when
    it was answered before the email could go (a response given at the same visit)."""
    if SafetyAlert.objects.filter(pk=alert.pk, responded_at__isnull=False).exists():
        return []
    return _send(
        alert, _reachable([alert.practitioner, alert.supervisor]), NoticeKind.URGENT, now or timezone.now()
    )


def safety_alert_escalate(*, alert: SafetyAlert, now: datetime | None = None) -> list[AlertNotice]:
    """Email the family's program managers that an urgent alert is still unanswered — only once the
    delay has passed, only while it is open, and once each however often this runs."""
    now = now or timezone.now()
    with transaction.atomic():
        # The alert's row, locked: an answer given meanwhile is seen, and two runs go one after the other.
        current = SafetyAlert.objects.select_for_update().filter(pk=alert.pk).first()
        if current is None or current.responded_at is not None or now < escalation_due_at(current):
            return []
        current.family = alert.family
        return _send(current, program_managers(current), NoticeKind.ESCALATION, now)


def alert_notices(alert: SafetyAlert) -> list[AlertNotice]:
    """Who was emailed about this alert, and when (one query)."""
    return list(AlertNotice.objects.filter(alert=alert).select_related("recipient"))
