"""The one way audit rows are written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from nestling.audit.chain import GENESIS, row_hash
from nestling.audit.models import AuditAction, AuditEvent, AuditLaneHead, AuditOutcome

if TYPE_CHECKING:
    from nestling.accounts.models import User

# Opening a lane fails only when another transaction commits the same new lane at that very moment;
# each retry first looks for a free lane again, so a handful of attempts is plenty.
LANE_OPEN_ATTEMPTS = 10


# An actor acting through an API client carries the client's label here (set by `acting_through`), and
# every row written for them names it: an API read is audited like a page read, and says which client.
_CLIENT_ATTR = "_nestling_api_client"


def acting_through(actor: User, client_label: str) -> None:
    """Mark this loaded user (it lives one request) as acting through an API client."""
    actor.__dict__[_CLIENT_ATTR] = client_label


def _client_of(actor: User | None) -> str:
    return str(actor.__dict__.get(_CLIENT_ATTR, "")) if actor is not None else ""


class AuditLaneUnavailable(Exception):
    """No lane could be taken or opened for an audit row (a storm of concurrent lane openings)."""


def audit_key() -> bytes:
    """The HMAC key of the audit chains. It comes from the settings, never from the database."""
    key = settings.AUDIT_KEY
    if not isinstance(key, str) or len(key) < 32:
        raise ImproperlyConfigured("AUDIT_KEY (NESTLING_AUDIT_KEY) must be at least 32 characters")
    return key.encode("utf-8")


def audit_record(
    *,
    actor: User | None,
    action: str,
    category: str,
    organization_id: int | None = None,
    subject_type: str = "",
    subject_id: str | UUID = "",
    family_uuid: UUID | None = None,
    reason: str = "",
    outcome: str = AuditOutcome.ALLOWED,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one row to the organization's audit trail.

    Call it inside the transaction of the change it records: if the change rolls back, so does the row.
    The row goes to the first lane of the organization that no other open transaction holds (a new lane
    when all are held), so an audited read never waits for someone else's write.
    """
    entry = AuditEntry(category, subject_type, subject_id, family_uuid, reason, detail)
    return audit_record_many(
        actor=actor, action=action, entries=[entry], organization_id=organization_id, outcome=outcome
    )[0]


@dataclass(frozen=True)
class AuditEntry:
    """What one row of `audit_record_many` is about."""

    category: str
    subject_type: str = ""
    subject_id: str | UUID = ""
    family_uuid: UUID | None = None
    reason: str = ""
    detail: dict[str, Any] | None = None


def audit_record_many(
    *,
    actor: User | None,
    action: str,
    entries: Sequence[AuditEntry],
    organization_id: int | None = None,
    outcome: str = AuditOutcome.ALLOWED,
) -> list[AuditEvent]:
    """Append one row per entry to the organization's audit trail, one after another in one lane, in a
    fixed number of queries: a page that reads many families' records (the worklist) audits the read of
    each family without its cost growing with them."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    if not entries:
        return []
    if organization_id is None and actor is not None:
        organization_id = actor.organization_id
    chain = organization_id or 0
    key = audit_key()
    client = _client_of(actor)
    with transaction.atomic():
        head = _lane_take(chain=chain)
        events: list[AuditEvent] = []
        for entry in entries:
            fields: dict[str, Any] = {
                "chain": chain,
                "lane": head.lane,
                "seq": head.seq + 1,
                "at": timezone.now(),
                "organization_id": organization_id,
                "actor_id": actor.pk if actor is not None else None,
                "actor_label": actor.email if actor is not None else "",
                "action": action,
                "outcome": outcome,
                "category": entry.category,
                "subject_type": entry.subject_type,
                "subject_id": str(entry.subject_id),
                "family_uuid": entry.family_uuid,
                "reason": entry.reason,
                "detail": {**(entry.detail or {}), "client": client} if client else entry.detail or {},
            }
            digest = row_hash(key=key, prev_hash=head.hash, fields=fields)
            events.append(AuditEvent(prev_hash=head.hash, hash=digest, **fields))
            head.seq = fields["seq"]
            head.hash = digest
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(events)
        head.save(update_fields=["seq", "hash"])
    return events


def _lane_take(*, chain: int) -> AuditLaneHead:
    """Lock and return the lowest lane of the chain that no other transaction holds, opening one if
    every lane is held. Never waits for another transaction."""
    at_least = 0
    for _attempt in range(LANE_OPEN_ATTEMPTS):
        # SKIP LOCKED passes over lanes held by open transactions instead of queueing behind them. On
        # SQLite this is a plain SELECT: the database lets one writer in at a time anyway.
        head = (
            AuditLaneHead.objects.select_for_update(skip_locked=True)
            .filter(chain=chain)
            .order_by("lane")
            .first()
        )
        if head is not None:
            return head
        opened, tried = _lane_open(chain=chain, at_least=at_least)
        if opened is not None:
            return opened
        # Not the same number again: a transaction whose snapshot is older than that lane (REPEATABLE
        # READ) would never see it, and would lose the same race every time.
        at_least = tried + 1
    raise AuditLaneUnavailable(
        f"no audit lane of chain {chain} could be taken after {LANE_OPEN_ATTEMPTS} tries"
    )


def _lane_open(*, chain: int, at_least: int) -> tuple[AuditLaneHead | None, int]:
    """A new lane after the highest one this transaction can see (and not below `at_least`), with its
    number; None for the lane if another transaction committed that lane first."""
    highest = AuditLaneHead.objects.filter(chain=chain).aggregate(highest=Max("lane"))["highest"]
    lane = max(at_least, 0 if highest is None else highest + 1)
    if connection.vendor == "postgresql":
        lane = _lane_claim(chain=chain, lane=lane)
    try:
        # A savepoint, so that losing the race leaves the caller's transaction usable.
        with transaction.atomic():
            return AuditLaneHead.objects.create(chain=chain, lane=lane, seq=0, hash=GENESIS), lane
    except IntegrityError:
        return None, lane


def _lane_claim(*, chain: int, lane: int) -> int:
    """The first lane number from `lane` on that no open transaction is creating.

    A transaction that opens a lane holds it uncommitted until it ends, and inserting the same lane would
    wait for it on the unique index: exactly the wait lanes exist to avoid. So an opener first takes a
    transaction-level advisory lock on the lane number, and passes over numbers whose lock is taken.
    """
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0))",
                [f"nestling.audit.lane:{chain}:{lane}"],
            )
            claimed = cursor.fetchone()
            if claimed is not None and claimed[0]:
                return lane
            lane += 1
