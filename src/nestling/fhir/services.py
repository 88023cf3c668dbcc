"""What reading the FHIR server and giving a family its own copy leave behind: audit rows.

A FHIR read or search is a read of each family it returns (and of each sensitive category shown), like a
page. A family's own copy is an export, recorded as a disclosure: to whom (the family), what (the
format), what it held (Part 2 information or not, how many records were left out).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import AuditEntry, audit_record_many
from nestling.documents.pdf import render_pdf
from nestling.families.models import Family
from nestling.fhir.assemble import document_bundle, family_resources
from nestling.fhir.selectors import FamilyRecord, family_records
from nestling.fhir.summary import summary_context

PART2_NOTICE = (
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records. This information has been "
    "disclosed to you from records protected by federal confidentiality rules (42 CFR part 2)."
)


def fhir_read_audit(
    *, actor: User, records: Iterable[FamilyRecord], path: str, action: str = AuditAction.READ
) -> None:
    """One row per family read over FHIR, and one per sensitive category shown of it."""
    entries: list[AuditEntry] = []
    for record in records:
        family = record.family
        detail = {"path": path, "via": "fhir"}
        entries.append(AuditEntry("family", "family", family.uuid, family.uuid, "", detail))
        entries += [
            AuditEntry(category, "family", family.uuid, family.uuid, "", detail)
            for category in sorted(record.shown)
        ]
    if entries:
        audit_record_many(actor=actor, action=action, entries=entries)


@dataclass(frozen=True)
class FamilyCopy:
    record: FamilyRecord
    filename: str
    content: bytes
    content_type: str


def _record_for_copy(actor: User, family: Family) -> FamilyRecord:
    require(actor, Action.FAMILY_EXPORT, family)
    return family_records(actor=actor, families=[family], disclosure=True)[family.pk]


def _audit_copy(actor: User, record: FamilyRecord, kind: str) -> None:
    family = record.family
    detail: dict[str, Any] = {
        "disclosure": True,
        "recipient": "the family (its own copy)",
        "format": kind,
        "part2": record.part2,
        "left_out": record.left_out,
    }
    entries = [AuditEntry("family", "family", family.uuid, family.uuid, "", detail)]
    entries += [AuditEntry(c, "family", family.uuid, family.uuid, "", detail) for c in sorted(record.shown)]
    audit_record_many(actor=actor, action=AuditAction.EXPORT, entries=entries)


def family_copy_bundle(*, actor: User, family: Family, base: str) -> FamilyCopy:
    """The family's record as a FHIR Bundle (JSON), audited as a disclosure to the family."""
    record = _record_for_copy(actor, family)
    bundle = document_bundle(family_resources(record), base=base, part2=record.part2)
    with transaction.atomic():
        _audit_copy(actor, record, "fhir-json")
    return FamilyCopy(
        record,
        f"family-record-{family.reference or family.uuid}.json",
        json.dumps(bundle, indent=2, ensure_ascii=False).encode("utf-8"),
        "application/fhir+json",
    )


def family_copy_summary(*, actor: User, family: Family) -> FamilyCopy:
    """The family's record as a readable PDF summary, audited as a disclosure to the family."""
    record = _record_for_copy(actor, family)
    pdf = render_pdf(
        "fhir/summary.html",
        summary_context(record),
        title=_("Record summary: %(family)s") % {"family": family.name},
        made_by=actor.get_full_name() or actor.email,
        confidentiality=PART2_NOTICE if record.part2 else None,
    )
    with transaction.atomic():
        _audit_copy(actor, record, "pdf")
    return FamilyCopy(record, f"family-record-{family.reference or family.uuid}.pdf", pdf, "application/pdf")
