"""A follow-up closed as "referral made" is a real referral: one made from the follow-up (which closes
it so), an open referral already made after the same screen, linked to it, or, when neither exists, a
referral recorded from the follow-up's own words, sent today, which the practitioner completes (the
service, what is shared) on its page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.accounts.models import User
from nestling.records.writes import record_update
from nestling.referrals.models import Domain, Referral, ServiceKind
from nestling.referrals.rules import domain_for_instrument
from nestling.referrals.services.referrals import ReferralDraft, referral_create
from nestling.screening.models import ScreeningResult
from nestling.tasks.kinds import TaskOutcome, outcome_follow_on_register
from nestling.tasks.models import Task

EXPECTED_DAYS = 14
# The kind of service a referral after a screen most often goes to, by the need it answers.
DOMAIN_SERVICES: dict[str, str] = {
    Domain.DEPRESSION: ServiceKind.ADULT_MENTAL_HEALTH,
    Domain.ANXIETY: ServiceKind.ADULT_MENTAL_HEALTH,
    Domain.DEVELOPMENT: ServiceKind.EARLY_INTERVENTION,
    Domain.SOCIAL_EMOTIONAL: ServiceKind.EARLY_INTERVENTION,
    Domain.SUBSTANCE_USE: ServiceKind.SUBSTANCE_USE,
    Domain.IPV: ServiceKind.IPV,
    Domain.BASIC_NEEDS: ServiceKind.FOOD,
}


def _link(referral: Referral, task: Task, by: User) -> None:
    record_update(
        referral,
        by=by,
        version=referral.version,
        changes={"follow_up_task": task},
        allowed=frozenset({"follow_up_task"}),
        family=task.family,
    )


def _referral_made(task: Task, by: User, extra: dict[str, Any]) -> None:
    if isinstance(extra.get("referral"), Referral):
        return  # made from this task: it names the task already
    result = task.source
    if not isinstance(result, ScreeningResult):
        return  # a growth task's referral is made on the referral page
    found = (
        Referral.objects.filter(
            family=task.family, from_result=result, closed_on__isnull=True, follow_up_task__isnull=True
        )
        .order_by("-referred_on", "-pk")
        .first()
    )
    if found is not None:
        _link(found, task, by)
        return
    today = timezone.localdate()
    domain = domain_for_instrument(result.instrument) or Domain.OTHER
    referral = referral_create(
        family=task.family,
        by=by,
        send=True,
        draft=ReferralDraft(
            subject=task.subject or result.subject,
            reason=task.text,
            referred_on=today,
            expected_by=today + timedelta(days=EXPECTED_DAYS),
            service_name=(task.outcome_note or _("Service not named yet"))[:200],
            service_kind=DOMAIN_SERVICES.get(domain, ServiceKind.OTHER),
            domain=domain,
            from_result=result,
        ),
    )
    _link(referral, task, by)


def register() -> None:
    outcome_follow_on_register(TaskOutcome.REFERRAL_MADE, _referral_made)
