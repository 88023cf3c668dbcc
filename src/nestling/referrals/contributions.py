"""What referrals add to the family page (open referrals, and a way to make one), to the History page
(each referral made and each status it reached), to a screen's and an alert's page (the referrals they
prompted) and to a discharge (the open referrals, to close or keep). Registered when the app is ready.

A referral in a sensitive category is shown only to a reader granted it; the rest are counted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.access.policy import Action, can
from nestling.accounts.models import User
from nestling.families.contributions import (
    DischargeContributor,
    FamilyParts,
    OpenItem,
    Part,
    TimelineEntry,
    contribute_to_discharge,
    contribute_to_family_page,
    contribute_to_record_page,
    contribute_to_timeline,
)
from nestling.families.models import Family, Relationship
from nestling.families.selectors import FamilyPage
from nestling.referrals.models import Referral, ReferralStatus, Status
from nestling.referrals.selectors import referrals_for_family, referrals_prompted_by, referrals_queryset
from nestling.referrals.services.referrals import referral_close_at_discharge
from nestling.screening.models import SafetyAlert, ScreeningResult
from nestling.screening.task_kinds import POSITIVE_SCREEN
from nestling.tasks.models import Task

PREFIX = "referral:"


def _panel_queryset() -> QuerySet[Referral]:
    """What the panel shows of each referral (who, to whom, its status and expected date): no more joins
    and no status history, which referrals_queryset() reads for the referral's own page."""
    return Referral.objects.select_related(
        "service",
        "subject__caregiver",
        "subject__child",
        "subject__relationship__caregiver",
        "subject__relationship__child",
    )


def family_page_referrals(*, actor: User, family: Family, page: FamilyPage) -> FamilyParts:
    """The family's open referrals with their status, and the closed ones counted (two queries)."""
    found = referrals_for_family(
        actor=actor, family=family, granted=page.categories, queryset=_panel_queryset()
    )
    return FamilyParts(
        panels=[
            Part(
                "referrals/_family_panel.html",
                {
                    "family": family,
                    "open": found.open,
                    "closed_count": len(found.closed),
                    "left_out": found.left_out,
                    "today": page.today,
                    "can_refer": can(actor, Action.FAMILY_EDIT, family),
                },
            )
        ],
        shown_categories=set(found.categories),
    )


def _people(referral: Referral) -> frozenset[str]:
    person = referral.subject.person
    ids = {str(referral.subject_id)}
    if isinstance(person, Relationship):
        ids |= {str(person.caregiver.uuid), str(person.child.uuid)}
    return frozenset(ids)


def referral_history(*, actor: User, family: Family) -> list[TimelineEntry]:
    """Each referral made, and each status after it (two queries)."""
    entries: list[TimelineEntry] = []
    for referral in referrals_queryset().filter(family=family):
        people = _people(referral)
        what = {"whom": referral.subject.person, "service": referral.service_label}
        entries.append(
            TimelineEntry(
                referral.referred_on,
                "referral",
                _("Referral of %(whom)s to %(service)s") % what,
                people,
                referral.sensitive_category,
            )
        )
        statuses: list[ReferralStatus] = list(referral.statuses.all())
        for row in statuses:
            if row.status == Status.DRAFT:
                continue
            entries.append(
                TimelineEntry(
                    row.on,
                    "referral",
                    _("Referral to %(service)s: %(status)s") % {**what, "status": row.get_status_display()},
                    people,
                    referral.sensitive_category,
                )
            )
    return entries


def prompted_referrals(*, actor: User, family: Family, record: object) -> list[Part]:
    """On a screen's, an alert's or a screen's follow-up page: the referrals it prompted, and a way to
    make one (from a follow-up, saving it closes the task as "referral made"); two queries."""
    query = ""
    if isinstance(record, Task):
        if record.kind != POSITIVE_SCREEN or not isinstance(record.source, ScreeningResult):
            return []
        if record.is_open:
            query = urlencode({"task": record.uuid})
        record = record.source
    elif isinstance(record, ScreeningResult):
        query = urlencode({"result": record.uuid})
    elif isinstance(record, SafetyAlert):
        query = urlencode({"alert": record.uuid})
    else:
        return []
    found = referrals_prompted_by(actor=actor, family=family, record=record)
    refer_url = ""
    if query and can(actor, Action.FAMILY_EDIT, family):
        refer_url = f"{reverse('referral_add', args=[family.uuid])}?{query}"
    return [
        Part(
            "referrals/_prompted.html",
            {"family": family, "referrals": found.shown, "left_out": found.left_out, "refer_url": refer_url},
        )
    ]


def open_referrals(*, family: Family, on: date) -> Sequence[OpenItem]:
    return [
        OpenItem(
            key=f"{PREFIX}{referral.uuid}",
            label=_("Referral to %(service)s (%(status)s since %(on)s)")
            % {
                "service": referral.service_label,
                "status": referral.get_status_display(),
                "on": date_format(referral.status_on, "j M Y"),
            },
            closing=gettext_lazy("Closed as it stands, saying the family was discharged; its task closes."),
            keeping=gettext_lazy("Stays open, with its task, until the service answers."),
            sensitive_category=referral.sensitive_category,
        )
        for referral in Referral.objects.filter(family=family, closed_on__isnull=True).select_related(
            "service"
        )
    ]


def close_referrals(*, by: User, family: Family, on: date, chosen: Mapping[str, str]) -> None:
    ids = [key.removeprefix(PREFIX) for key in chosen]
    for referral in Referral.objects.filter(family=family, uuid__in=ids, closed_on__isnull=True):
        referral_close_at_discharge(
            referral=referral, by=by, on=on, reason=chosen[f"{PREFIX}{referral.uuid}"]
        )


def register() -> None:
    contribute_to_family_page(family_page_referrals)
    contribute_to_timeline(referral_history, {"referral": gettext_lazy("Referrals")})
    contribute_to_record_page(prompted_referrals)
    contribute_to_discharge(
        DischargeContributor(
            kind="referrals",
            heading=gettext_lazy("Open referrals"),
            open_items=open_referrals,
            close=close_referrals,
        )
    )
