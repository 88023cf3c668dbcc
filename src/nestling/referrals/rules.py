"""The rules of a referral as plain data: which status may follow which, which end it, what need a
screen's referral answers, and which sensitive category a referral falls in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from nestling.audit.categories import SensitiveCategory
from nestling.referrals.models import Domain, ServiceKind, Shared, Status

# The way forward, and the endings possible from each open status.
NEXT: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        Status.DRAFT: (Status.SENT, Status.FAMILY_DECLINED),
        Status.SENT: (
            Status.RECEIVED,
            Status.APPOINTMENT_SET,
            Status.COMPLETED,
            Status.DECLINED_BY_SERVICE,
            Status.COULD_NOT_REACH,
            Status.FAMILY_DECLINED,
        ),
        Status.RECEIVED: (
            Status.APPOINTMENT_SET,
            Status.COMPLETED,
            Status.DECLINED_BY_SERVICE,
            Status.COULD_NOT_REACH,
            Status.FAMILY_DECLINED,
        ),
        Status.APPOINTMENT_SET: (
            Status.COMPLETED,
            Status.DECLINED_BY_SERVICE,
            Status.COULD_NOT_REACH,
            Status.FAMILY_DECLINED,
        ),
    }
)
CLOSING = frozenset(
    {Status.COMPLETED, Status.DECLINED_BY_SERVICE, Status.COULD_NOT_REACH, Status.FAMILY_DECLINED}
)

# What need a referral after a screen answers, by the instrument's id.
INSTRUMENT_DOMAINS: Mapping[str, str] = MappingProxyType(
    {
        "phq-2": Domain.DEPRESSION,
        "phq-9": Domain.DEPRESSION,
        "epds": Domain.DEPRESSION,
        "whooley": Domain.DEPRESSION,
        "gad-2": Domain.ANXIETY,
        "gad-7": Domain.ANXIETY,
        "swyc-ppsc": Domain.SOCIAL_EMOTIONAL,
        "swyc-bpsc": Domain.SOCIAL_EMOTIONAL,
        "swyc-posi": Domain.DEVELOPMENT,
        "mchat-r": Domain.DEVELOPMENT,
        "mchat-r-follow-up": Domain.DEVELOPMENT,
        "audit-c": Domain.SUBSTANCE_USE,
        "hits": Domain.IPV,
        "hunger-vital-sign": Domain.BASIC_NEEDS,
    }
)

# Services whose very name tells a sensitive fact about the person referred.
SERVICE_CATEGORIES: Mapping[str, str] = MappingProxyType(
    {
        ServiceKind.SUBSTANCE_USE: SensitiveCategory.SUBSTANCE_USE,
        ServiceKind.IPV: SensitiveCategory.INTIMATE_PARTNER_VIOLENCE,
    }
)


def domain_for_instrument(instrument: str) -> str:
    """The need a referral after this instrument's screen answers ("" when the instrument says none)."""
    return str(INSTRUMENT_DOMAINS.get(instrument.partition("@")[0], ""))


def next_statuses(status: str) -> tuple[str, ...]:
    return NEXT.get(status, ())


def referral_category(*, service_kind: str, shared: Iterable[str], prompted_by: str) -> str:
    """The sensitive category of a referral: Part 2 data shared, a service that names a sensitive need,
    or what prompted it (a sensitive screen's category); "" for most referrals."""
    if Shared.SUBSTANCE_USE in set(shared):
        return SensitiveCategory.SUBSTANCE_USE
    return str(SERVICE_CATEGORIES.get(service_kind, "")) or prompted_by
