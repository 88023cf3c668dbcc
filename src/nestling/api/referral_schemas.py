"""What the API sends and takes for referrals: a referral as it stands with every status it passed
through, a referral to make, and the next status to record."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema


class ReferralStatusOut(Schema):
    status: str
    on: datetime.date
    note: str


class ReferralOut(Schema):
    uuid: UUID
    subject: UUID = Field(..., alias="subject_id")
    service: UUID | None
    service_name: str
    service_kind: str
    reason: str
    domain: str
    urgency: str
    referred_on: datetime.date
    expected_by: datetime.date
    from_result: UUID | None
    shared: list[str]
    status: str
    status_on: datetime.date
    closed_on: datetime.date | None
    closing_note: str
    statuses: list[ReferralStatusOut]
    version: int

    @staticmethod
    def resolve_service(obj: Any) -> UUID | None:
        return obj.service.uuid if obj.service_id else None

    @staticmethod
    def resolve_service_name(obj: Any) -> str:
        return str(obj.service_label)

    @staticmethod
    def resolve_from_result(obj: Any) -> UUID | None:
        return obj.from_result.uuid if obj.from_result_id else None

    @staticmethod
    def resolve_statuses(obj: Any) -> list[Any]:
        return list(obj.statuses.all())


class ReferralIn(Schema):
    """A referral to make: of a caregiver, child or relationship of the family (`subject`), to a service of
    the directory (`service`) or one named (`service_name` and `service_kind`); `send` records it sent on
    its date, else it stays a draft. What is shared needs the family's consent (`consent`; substance use
    information also `part2_consent`)."""

    subject: UUID
    reason: str = Field(..., min_length=1, max_length=4000)
    referred_on: datetime.date
    expected_by: datetime.date
    service: UUID | None = None
    service_name: str = Field("", max_length=200)
    service_kind: str = Field("", max_length=30)
    domain: str = Field("", max_length=20)
    urgency: str = Field("routine", max_length=10)
    from_result: UUID | None = None
    shared: list[str] = Field(default_factory=list, max_length=10)
    consent: UUID | None = None
    part2_consent: UUID | None = None
    send: bool = False


class ReferralStatusIn(Schema):
    """What happened next, on the day it happened; an ending other than first contact made says how it
    ended (`note`); `expected_by` moves the day the next step is expected."""

    status: str = Field(..., min_length=1, max_length=20)
    on: datetime.date
    note: str = Field("", max_length=1000)
    expected_by: datetime.date | None = None
