"""Re-sign the existing audit trail under the audit key: each organization's old chain becomes its lane 0.

The old chains were unkeyed SHA-256. Each is checked under the old scheme first, and a chain that does not
verify is not re-signed, because re-signing it would hide what was done to it. The hashing of both schemes
is copied here rather than imported, so that this migration keeps doing what it did when the code moves on.

To migrate anyway (the break is understood and recorded elsewhere), set NESTLING_AUDIT_REKEY_BROKEN=yes:
the breaks are printed, rows missing from the old chain still show as missing, and altered rows are
re-signed as they are.
"""

import hashlib
import hmac
import json
import os
import sys
from datetime import datetime

from django.conf import settings
from django.db import migrations
from django.db.models import F

GENESIS = "0" * 64
BATCH = 2000

OLD_FIELDS = (
    "chain", "seq", "at", "organization_id", "actor_id", "actor_label", "action", "outcome", "category",
    "subject_type", "subject_id", "family_uuid", "reason", "detail",
)
KEYED_FIELDS = (
    "chain", "lane", "seq", "at", "organization_id", "actor_id", "actor_label", "action", "outcome",
    "category", "subject_type", "subject_id", "family_uuid", "reason", "detail",
)
ROW_DOMAIN = b"nestling audit row v2\n"


def _canonical(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if value is None or isinstance(value, (int, str, bool, float, list, dict)):
        return value
    return str(value)


def _text(row, names):
    payload = {name: _canonical(getattr(row, name)) for name in names}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def unkeyed_hash(prev_hash, row):
    return hashlib.sha256((prev_hash + _text(row, OLD_FIELDS)).encode("utf-8")).hexdigest()


def keyed_hash(key, prev_hash, row):
    message = ROW_DOMAIN + prev_hash.encode("ascii") + _text(row, KEYED_FIELDS).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _batches(rows, order):
    """The rows in `order`, a batch at a time, by key rather than by an open cursor (the loop updates
    the table it reads)."""
    last = None
    while True:
        page = rows.filter(**({f"{order}__gt": last} if last is not None else {})).order_by(order)[:BATCH]
        page = list(page)
        if not page:
            return
        yield page
        last = getattr(page[-1], order)


def rekey(apps, schema_editor):
    db = schema_editor.connection.alias
    event_model = apps.get_model("audit", "AuditEvent")
    old_head_model = apps.get_model("audit", "AuditChainHead")
    lane_model = apps.get_model("audit", "AuditLaneHead")
    key = settings.AUDIT_KEY.encode("utf-8")
    events = event_model._default_manager.using(db)
    old_heads = {head.chain: head for head in old_head_model._default_manager.using(db).all()}
    chains = sorted(set(old_heads) | set(events.order_by().values_list("chain", flat=True).distinct()))
    breaks = []
    for chain in chains:
        old_prev, new_prev, expected_seq = GENESIS, GENESIS, 1
        for page in _batches(events.filter(chain=chain), "seq"):
            for row in page:
                if row.seq != expected_seq:
                    breaks.append(f"chain {chain}: rows {expected_seq} to {row.seq - 1} are missing")
                elif row.prev_hash != old_prev:
                    breaks.append(f"chain {chain}, row {row.seq}: does not link to the row before it")
                if unkeyed_hash(row.prev_hash, row) != row.hash:
                    breaks.append(f"chain {chain}, row {row.seq}: was altered after it was written")
                old_prev, expected_seq = row.hash, row.seq + 1
                row.lane = 0
                row.prev_hash = new_prev
                row.hash = new_prev = keyed_hash(key, new_prev, row)
            event_model._default_manager.using(db).bulk_update(page, ["lane", "prev_hash", "hash"])
        head = old_heads.get(chain)
        if head is None or head.seq != expected_seq - 1 or head.hash != old_prev:
            breaks.append(f"chain {chain}: ends at row {expected_seq - 1} but its head does not")
        lane_model._default_manager.using(db).create(chain=chain, lane=0, seq=expected_seq - 1, hash=new_prev)
    if breaks:
        listing = "\n".join(f"  {line}" for line in breaks)
        if os.environ.get("NESTLING_AUDIT_REKEY_BROKEN") != "yes":
            raise RuntimeError(
                "The audit trail does not verify under its old scheme, so it is not re-signed (that would "
                f"hide the damage):\n{listing}\nRestore the audit tables from a backup, or, once the break "
                "is understood and recorded, migrate with NESTLING_AUDIT_REKEY_BROKEN=yes."
            )
        sys.stderr.write(f"audit trail re-signed despite these breaks in the old chains:\n{listing}\n")


def unkey(apps, schema_editor):
    """Back to one unkeyed chain per organization: its lanes merged in the order the rows were written."""
    db = schema_editor.connection.alias
    event_model = apps.get_model("audit", "AuditEvent")
    old_head_model = apps.get_model("audit", "AuditChainHead")
    lane_model = apps.get_model("audit", "AuditLaneHead")
    events = event_model._default_manager.using(db)
    for chain in sorted(set(events.order_by().values_list("chain", flat=True).distinct())):
        # Out of the way first, so that renumbering never collides with a row not yet renumbered.
        events.filter(chain=chain).update(seq=-F("id"))
        prev, seq = GENESIS, 0
        for page in _batches(events.filter(chain=chain), "id"):
            for row in page:
                seq += 1
                row.lane, row.seq, row.prev_hash = 0, seq, prev
                row.hash = prev = unkeyed_hash(prev, row)
            event_model._default_manager.using(db).bulk_update(page, ["lane", "seq", "prev_hash", "hash"])
        old_head_model._default_manager.using(db).create(chain=chain, seq=seq, hash=prev)
    lane_model._default_manager.using(db).all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_lanes'),
    ]

    operations = [
        migrations.RunPython(rekey, unkey, elidable=False),
    ]
