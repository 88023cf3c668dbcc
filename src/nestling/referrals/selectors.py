"""Reads of referrals and of the directory: each checks the reader's access and shows only the
referrals in categories they may see (a referral to substance-use treatment, say, needs its grant)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from nestling.access.policy import Action, granted_categories, require, shown_to
from nestling.accounts.models import User
from nestling.families.models import Consent, ConsentKind, Family
from nestling.families.selectors import consent_active
from nestling.formulation.models import AxisFourStressor, AxisOneDiagnosis
from nestling.referrals.models import LocalService, Referral, ReferralStatus
from nestling.screening.models import SafetyAlert, ScreeningResult


def directory_list(*, user: User, kind: str = "", active: bool | None = True) -> list[LocalService]:
    """The organization's directory, by kind then name, filtered by kind and by active (None: all)."""
    require(user, Action.DIRECTORY_VIEW)
    services = LocalService.objects.filter(organization_id=user.organization_id)
    if kind:
        services = services.filter(kind=kind)
    if active is not None:
        services = services.filter(active=active)
    return list(services.order_by("kind", "name", "pk"))


def directory_entry(*, user: User, uuid: UUID) -> LocalService | None:
    require(user, Action.DIRECTORY_VIEW)
    return LocalService.objects.filter(organization_id=user.organization_id, uuid=uuid).first()


def referrals_queryset() -> QuerySet[Referral]:
    """Referrals with what their pages and lists show, in a fixed number of queries."""
    return Referral.objects.select_related(
        "family",
        "service",
        "subject__caregiver",
        "subject__child",
        "subject__relationship__caregiver",
        "subject__relationship__child",
        "from_result",
        "consent",
        "part2_consent",
        "created_by",
    ).prefetch_related(
        Prefetch(
            "statuses",
            queryset=ReferralStatus.objects.select_related("set_by").order_by("on", "set_at", "pk"),
        )
    )


@dataclass(frozen=True)
class FamilyReferrals:
    shown: list[Referral]
    left_out: int  # in a category the reader has no grant for
    categories: frozenset[str]  # the sensitive categories of those shown

    @property
    def open(self) -> list[Referral]:
        return [r for r in self.shown if not r.is_closed]

    @property
    def closed(self) -> list[Referral]:
        return [r for r in self.shown if r.is_closed]


def referrals_for_family(
    *,
    actor: User,
    family: Family,
    granted: frozenset[str] | None = None,
    queryset: QuerySet[Referral] | None = None,
) -> FamilyReferrals:
    """The family's referrals the reader may see, newest first, and how many are left out."""
    require(actor, Action.FAMILY_VIEW, family)
    granted = granted if granted is not None else granted_categories(actor, family)
    rows = list((queryset if queryset is not None else referrals_queryset()).filter(family=family))
    shown = [r for r in rows if shown_to(r, granted)]
    return FamilyReferrals(
        shown=shown,
        left_out=len(rows) - len(shown),
        categories=frozenset(r.sensitive_category for r in shown) - {""},
    )


def referrals_prompted_by(*, actor: User, family: Family, record: object) -> FamilyReferrals:
    """The referrals a screening result or a safety alert prompted (an alert's screen's included)."""
    base = referrals_queryset()
    if isinstance(record, SafetyAlert):
        base = base.filter(from_alert=record) | base.filter(from_result_id=record.result_id)
    elif isinstance(record, ScreeningResult):
        base = base.filter(from_result=record)
    else:
        base = base.none()
    return referrals_for_family(actor=actor, family=family, queryset=base.distinct())


@dataclass(frozen=True)
class SharingConsents:
    """The consents in force a referral may share under: to share information, and 42 CFR Part 2 (only
    for a reader granted substance use)."""

    sharing: list[Consent]
    part2: list[Consent]


def sharing_consents(*, actor: User, family: Family, on: date | None = None) -> SharingConsents:
    require(actor, Action.FAMILY_VIEW, family)
    on = on or timezone.localdate()
    granted = granted_categories(actor, family)
    part2 = list(consent_active(family=family, kind=ConsentKind.PART2, on=on).select_related("given_by"))
    return SharingConsents(
        sharing=list(
            consent_active(family=family, kind=ConsentKind.DATA_SHARING, on=on).select_related("given_by")
        ),
        part2=[c for c in part2 if shown_to(c, granted)],
    )


@dataclass(frozen=True)
class PromptOptions:
    """What a referral may say prompted it, of those the reader may see: the family's screens (newest
    first, positive ones in the last year), its safety alerts, and the findings of each child's latest
    formulation (Axis I diagnoses, Axis IV stressors)."""

    results: list[ScreeningResult]
    alerts: list[SafetyAlert]
    diagnoses: list[AxisOneDiagnosis]
    stressors: list[AxisFourStressor]

    def by_key(self) -> dict[str, ScreeningResult | SafetyAlert | AxisOneDiagnosis | AxisFourStressor]:
        options: dict[str, ScreeningResult | SafetyAlert | AxisOneDiagnosis | AxisFourStressor] = {}
        options |= {f"result:{r.uuid}": r for r in self.results}
        options |= {f"alert:{a.uuid}": a for a in self.alerts}
        options |= {f"diagnosis:{d.pk}": d for d in self.diagnoses}
        options |= {f"stressor:{s.pk}": s for s in self.stressors}
        return options


def prompt_options(*, actor: User, family: Family) -> PromptOptions:
    """Four queries, whatever the family holds."""
    require(actor, Action.FAMILY_VIEW, family)
    granted = granted_categories(actor, family)
    since = timezone.localdate() - timedelta(days=366)
    results = ScreeningResult.objects.filter(
        family=family, positive=True, administered_on__gte=since, entered_in_error_at__isnull=True
    ).select_related(
        "subject__caregiver",
        "subject__child",
        "subject__relationship__caregiver",
        "subject__relationship__child",
    )
    alerts = SafetyAlert.objects.filter(family=family).select_related("result")
    latest = Q(version__formulation__family=family, version__number=F("version__formulation__latest_number"))
    return PromptOptions(
        results=[r for r in results.order_by("-administered_on", "-pk") if shown_to(r, granted)],
        alerts=[a for a in alerts.order_by("-raised_at") if shown_to(a.result, granted)],
        diagnoses=list(AxisOneDiagnosis.objects.filter(latest).select_related("version__formulation__child")),
        stressors=[
            s
            for s in AxisFourStressor.objects.filter(latest).select_related("version__formulation__child")
            if shown_to(s, granted)
        ],
    )
