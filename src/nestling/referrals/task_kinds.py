"""The task a referral raises: chase it when first contact has not come by the day it was expected.
Declared to the task list when the app is ready."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.referrals.models import Referral
from nestling.tasks.kinds import SourceLink, TaskKind, TaskOutcome, task_kind_register
from nestling.tasks.models import Task

REFERRAL_FOLLOW_UP = "referral_follow_up"


def _referral_link(task: Task) -> SourceLink | None:
    referral = task.source
    if not isinstance(referral, Referral):
        return None
    return SourceLink(
        url=reverse("referral_detail", args=[task.family.uuid, referral.uuid]),
        label=_("Referral of %(on)s") % {"on": date_format(referral.referred_on, "j M Y")},
        short=_("See the referral"),
    )


def _referral_category(task: Task) -> str:
    referral = task.source
    return referral.sensitive_category if isinstance(referral, Referral) else ""


def register() -> None:
    task_kind_register(
        TaskKind(
            REFERRAL_FOLLOW_UP,
            gettext_lazy("Referral to chase"),
            # The referral's own status closes it; a person may still close it by hand.
            outcomes=(TaskOutcome.DISCUSSED, TaskOutcome.DECLINED, TaskOutcome.OTHER),
            source_link=_referral_link,
            category=_referral_category,
        )
    )
