"""Reads of safety alerts: one alert of a family with who raised, was sent and answered it; the family's
open alerts (shown to whoever may read the family, a covering clinician included); and the open alerts a
user must see on every page (their own, their caseload's, their supervisees', and those of a family they
cover under emergency access)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from nestling.access.models import BreakGlassAccess
from nestling.access.policy import Action, current_q, require, roles_of
from nestling.accounts.models import Role, Supervision, User
from nestling.families.models import CaseloadAssignment, Family
from nestling.screening.models import SafetyAlert


def safety_alert_in_family(*, actor: User, family: Family, alert_uuid: UUID) -> SafetyAlert | None:
    """The family's alert with this id, or None (one query)."""
    require(actor, Action.FAMILY_VIEW, family)
    alert = (
        SafetyAlert.objects.filter(family=family, uuid=alert_uuid)
        .select_related("result", "practitioner", "supervisor", "responded_by", "responded_under")
        .first()
    )
    if alert is not None:
        alert.family = family
    return alert


def open_alerts_in_family(*, actor: User, family: Family) -> list[SafetyAlert]:
    """The family's alerts no one has answered yet, oldest first (one query). An alert names no
    instrument: it reaches whoever reads the family, grant or not."""
    require(actor, Action.FAMILY_VIEW, family)
    alerts = list(SafetyAlert.objects.open().filter(family=family).order_by("raised_at", "pk"))
    for alert in alerts:
        alert.family = family
    return alerts


def open_alerts_for(user: User) -> QuerySet[SafetyAlert]:
    """Open safety alerts this user must see: a practitioner's own alerts and those of the families on
    their caseload; a supervisor's alerts and those of their current supervisees; and anyone's, those of
    a family they cover under emergency access."""
    roles = roles_of(user)
    if not roles & {Role.PRACTITIONER, Role.SUPERVISOR, Role.MANAGER}:
        return SafetyAlert.objects.none()
    now = timezone.now()
    # A colleague covering a family under emergency access sees its open alerts as its carer does.
    covering = BreakGlassAccess.objects.filter(user=user, started_at__lte=now, expires_at__gt=now).values(
        "family_id"
    )
    scope = Q(family_id__in=covering)
    if not roles & {Role.PRACTITIONER, Role.SUPERVISOR}:
        return _open_alerts(scope, user)
    caseload = CaseloadAssignment.objects.filter(current_q(), practitioner=user).values("family_id")
    scope |= Q(practitioner=user) | Q(supervisor=user) | Q(family_id__in=caseload)
    if Role.SUPERVISOR in roles:
        supervisees = Supervision.objects.filter(current_q(), supervisor=user).values("supervisee_id")
        scope |= Q(practitioner_id__in=supervisees)
    return _open_alerts(scope, user)


def _open_alerts(scope: Q, user: User) -> QuerySet[SafetyAlert]:
    return (
        SafetyAlert.objects.open()
        .filter(scope, organization_id=user.organization_id)
        .select_related("family", "result")
        .order_by("raised_at", "pk")
    )
