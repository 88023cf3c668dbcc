"""Discharge: an episode of care closes with a reason and a closing summary, and each of the family's open
items — a task, a scheduled visit, a screen due — is closed with a reason or kept, as the practitioner
chose for each. The family record knows none of those apps: each lists and closes its own items through
`families.contributions.contribute_to_discharge`.

All of it is one transaction: the items closed, what was decided for each, and the episode's discharge
(versioned, so someone else's edit since the page was opened is shown, not overwritten). A failure anywhere
leaves everything as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nestling.access.policy import Action, granted_categories, require, shown_to
from nestling.accounts.models import User
from nestling.families.contributions import DischargeContributor, OpenItem, discharge_contributors
from nestling.families.models import DischargeItem, DischargeReason, Enrollment
from nestling.families.validation import Errors, discharge_errors
from nestling.records.errors import AlreadyClosed, RecordInvalid, StaleEdit
from nestling.records.history import changes_since
from nestling.records.writes import record_close_once

REASON_MAX = 500


@dataclass(frozen=True)
class Decision:
    """What the practitioner chose for one open item: close it (with a reason) or keep it."""

    close: bool
    reason: str = ""


@dataclass(frozen=True)
class DischargeSection:
    """One kind of open item as the reader sees it: the items they may see, and how many they may not
    (in a sensitive category they have no grant for), which are kept."""

    kind: str
    heading: str
    items: list[OpenItem]
    hidden: list[OpenItem] = field(repr=False)

    @property
    def hidden_count(self) -> int:
        return len(self.hidden)


@dataclass(frozen=True)
class Planned:
    """One open item and what the discharge will do with it."""

    kind: str
    item: OpenItem
    close: bool
    reason: str  # the reason recorded when it is closed


@dataclass(frozen=True)
class DischargePlan:
    """What a discharge will do, for the confirm step to list and the service to carry out."""

    enrollment: Enrollment
    discharged_on: date
    reason: str
    summary: str
    sections: list[DischargeSection]
    planned: list[Planned]

    @property
    def reason_label(self) -> str:
        return str(DischargeReason(self.reason).label)

    @property
    def closing(self) -> list[Planned]:
        return [p for p in self.planned if p.close]

    @property
    def keeping(self) -> list[Planned]:
        return [p for p in self.planned if not p.close]

    @property
    def hidden_count(self) -> int:
        return sum(section.hidden_count for section in self.sections)


def default_reason(reason: str) -> str:
    """The reason noted on an item closed without one of its own: the discharge's."""
    label = DischargeReason(reason).label if reason in DischargeReason.values else ""
    return _("Family discharged: %(reason)s") % {"reason": label} if label else _("Family discharged")


def discharge_sections(*, user: User, enrollment: Enrollment, on: date) -> list[DischargeSection]:
    """The family's open items on the discharge date `on`, by kind, as `user` may see them. Each kind
    reads in a fixed number of queries."""
    family = enrollment.family
    require(user, Action.FAMILY_EDIT, family)
    categories = granted_categories(user, family)
    sections = []
    for contributor in discharge_contributors():
        items = list(contributor.open_items(family=family, on=on))
        sections.append(
            DischargeSection(
                kind=contributor.kind,
                heading=str(contributor.heading),
                items=[item for item in items if shown_to(item, categories)],
                hidden=[item for item in items if not shown_to(item, categories)],
            )
        )
    return sections


def already_discharged(enrollment: Enrollment) -> AlreadyClosed:
    """The refusal of a second discharge of one episode, saying when it was discharged."""
    assert enrollment.discharged_on is not None
    return AlreadyClosed(
        {
            "": [
                _(
                    "This episode was already discharged on %(on)s. To work with the family again, "
                    "enroll them again: that opens a new episode."
                )
                % {"on": date_format(enrollment.discharged_on, "j M Y")}
            ]
        }
    )


def _decision_errors(sections: list[DischargeSection], decisions: Mapping[str, Decision]) -> Errors:
    errors: Errors = {}
    shown = {item.key for section in sections for item in section.items}
    for section in sections:
        for item in section.items:
            decision = decisions.get(item.key)
            if decision is None:
                errors[f"decide:{item.key}"] = [_("Choose: close it, or keep it.")]
            elif decision.close and len(decision.reason.strip()) > REASON_MAX:
                errors[f"reason:{item.key}"] = [
                    _("A reason is at most %(max)d characters.") % {"max": REASON_MAX}
                ]
    # An answer for anything else — closed meanwhile, another family's, or an item the reader may not
    # see — closes nothing: the whole discharge waits until the list is checked again.
    unknown = len(set(decisions) - shown)
    if unknown:
        errors[""] = [
            ngettext(
                "%(count)d of the items you answered for is not an open item of this family that you can "
                "close (it may have been closed meanwhile). Nothing was saved: check the list again.",
                "%(count)d of the items you answered for are not open items of this family that you can "
                "close (they may have been closed meanwhile). Nothing was saved: check the list again.",
                unknown,
            )
            % {"count": unknown}
        ]
    return errors


def discharge_plan(
    *,
    enrollment: Enrollment,
    by: User,
    version: int,
    discharged_on: date | None,
    reason: str,
    summary: str,
    decisions: Mapping[str, Decision],
) -> DischargePlan:
    """Check a discharge and say what it will do, writing nothing: the date (not ahead, not before the
    enrollment), the reason, the closing summary, and a decision for every open item the practitioner
    may see. Every problem is raised at once (RecordInvalid); an episode already discharged is refused
    (AlreadyClosed), one changed since `version` too (StaleEdit, with the other person's changes)."""
    require(by, Action.FAMILY_EDIT, enrollment.family)
    if enrollment.discharged_on is not None:
        raise already_discharged(enrollment)
    if enrollment.version != version:
        raise StaleEdit(current_version=enrollment.version, changes=changes_since(enrollment, version))
    summary = summary.strip()
    errors = discharge_errors(
        {"discharged_on": discharged_on, "discharge_reason": reason, "discharge_note": summary},
        enrolled_on=enrollment.enrolled_on,
    )
    # The items are those of the date given; while that date is wrong, today's are shown.
    on = discharged_on if discharged_on is not None and "discharged_on" not in errors else None
    sections = discharge_sections(user=by, enrollment=enrollment, on=on or timezone.localdate())
    errors.update(_decision_errors(sections, decisions))
    if errors or on is None:
        raise RecordInvalid(errors)
    fallback = default_reason(reason)
    planned = [
        Planned(
            kind=section.kind,
            item=item,
            close=decisions[item.key].close,
            reason=(decisions[item.key].reason.strip() or fallback) if decisions[item.key].close else "",
        )
        for section in sections
        for item in section.items
    ]
    return DischargePlan(
        enrollment=enrollment,
        discharged_on=on,
        reason=reason,
        summary=summary,
        sections=sections,
        planned=planned,
    )


def enrollment_discharge(
    *,
    enrollment: Enrollment,
    by: User,
    version: int,
    discharged_on: date | None,
    reason: str,
    summary: str,
    decisions: Mapping[str, Decision],
) -> Enrollment:
    """Discharge the family from this episode, in one transaction: close each open item chosen to be
    closed (through its own app), keep the others (an item the practitioner may not see is always kept,
    never closed blind), record what was decided for each, and close the episode with its date, reason and
    closing summary (versioned, audited). Refused as `discharge_plan` refuses; nothing is written then, nor
    when any close fails. The caseload assignment stays: the record stays readable to the care team."""
    contributors: dict[str, DischargeContributor] = {c.kind: c for c in discharge_contributors()}
    with transaction.atomic():
        # Lock the episode first: a second discharge, or an edit, waits for this one and is then refused.
        current = Enrollment.objects.select_for_update().select_related("family").get(pk=enrollment.pk)
        plan = discharge_plan(
            enrollment=current,
            by=by,
            version=version,
            discharged_on=discharged_on,
            reason=reason,
            summary=summary,
            decisions=decisions,
        )
        family = current.family
        for kind, contributor in contributors.items():
            chosen = {p.item.key: p.reason for p in plan.closing if p.kind == kind}
            if chosen:
                contributor.close(by=by, family=family, on=plan.discharged_on, chosen=chosen)
        hidden = [(s.kind, item) for s in plan.sections for item in s.hidden]
        DischargeItem.objects.bulk_create(
            [
                DischargeItem(
                    organization_id=current.organization_id,
                    enrollment=current,
                    kind=p.kind,
                    key=p.item.key,
                    label=p.item.label[:300],
                    closed=p.close,
                    reason=p.reason[:REASON_MAX],
                    sensitive_category=p.item.sensitive_category,
                )
                for p in plan.planned
            ]
            + [
                DischargeItem(
                    organization_id=current.organization_id,
                    enrollment=current,
                    kind=kind,
                    key=item.key,
                    label=item.label[:300],
                    closed=False,
                    sensitive_category=item.sensitive_category,
                )
                for kind, item in hidden
            ]
        )
        return record_close_once(
            current,
            by=by,
            version=version,
            closed_when="discharged_on",
            values={
                "discharged_on": plan.discharged_on,
                "discharge_reason": plan.reason,
                "discharge_note": plan.summary,
            },
            refusal=lambda episode: str(already_discharged(episode).errors[""][0]),
            family=family,
            detail={
                "discharge": {
                    "closed": [p.item.key for p in plan.closing],
                    "kept": [p.item.key for p in plan.keeping],
                    "kept_unseen": len(hidden),
                }
            },
        )
