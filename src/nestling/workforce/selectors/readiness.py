"""Endorsement readiness: the rules in force for an organization, and one person's progress against
each, with what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.accounts.models import User
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.workforce.endorsement_defaults import DEFAULT_RULES
from nestling.workforce.models import Credential, EndorsementRule, StaffProfile, TrainingRecord
from nestling.workforce.permissions import require_staff_read
from nestling.workforce.readiness import Hours, Progress, Rule, progress_of
from nestling.workforce.selectors.rsc import rsc_received


def as_rule(row: EndorsementRule) -> Rule:
    return Rule(
        credential=row.credential,
        purpose=row.purpose,
        version=row.version,
        rsc_hours=row.rsc_hours,
        rsc_window_months=row.rsc_window_months,
        training_hours=row.training_hours,
        training_window_months=row.training_window_months,
        verified=row.verified,
        note=row.note,
    )


def rules_in_force(*, organization_id: int) -> list[Rule]:
    """Each credential's rule to earn and to renew: the organization's newest version, or the field's
    default where it has saved none (one query)."""
    newest: dict[tuple[str, str], Rule] = {}
    for row in EndorsementRule.objects.filter(organization_id=organization_id).order_by("version"):
        newest[(row.credential, row.purpose)] = as_rule(row)
    return [newest.get((rule.credential, rule.purpose), rule) for rule in DEFAULT_RULES]


@dataclass(frozen=True)
class Readiness:
    person: User
    profile: StaffProfile | None
    on: date
    earn: list[Progress]
    renew: Progress | None  # of the credential they hold, when they hold one

    @property
    def rows(self) -> list[Progress]:
        return [*self.earn, *([self.renew] if self.renew else [])]

    @property
    def labelled(self) -> list[tuple[str, Progress]]:
        """Each row with what a reader calls it ("Infant Family Specialist", "… renewal")."""
        return [(progress_label(progress.rule), progress) for progress in self.rows]


def progress_label(rule: Rule) -> str:
    name = str(dict(Credential.choices).get(rule.credential, rule.credential))
    return name if rule.purpose == "earn" else _("%(credential)s: yearly renewal") % {"credential": name}


def training_hours(*, person: User, on: date) -> list[Hours]:
    """Completed training, as (completion date, hours)."""
    rows = TrainingRecord.objects.filter(person=person, completed_on__isnull=False, completed_on__lte=on)
    return [Hours(done, hours) for done, hours in rows.values_list("completed_on", "hours") if done]


def readiness_of(*, actor: User, person: User, on: date | None = None) -> Readiness:
    """The person's progress toward each credential (and toward renewing the one they hold), read by
    someone who may read their record; audited."""
    require_staff_read(actor, person)
    on = on or timezone.localdate()
    profile = StaffProfile.objects.filter(user=person).first()
    rsc = rsc_received(people=[person], on=on).get(person.pk, [])
    training = training_hours(person=person, on=on)
    rules = rules_in_force(organization_id=person.organization_id)
    held = profile.endorsement_category if profile else ""
    earn = [progress_of(r, rsc=rsc, training=training, on=on) for r in rules if r.purpose == "earn"]
    renew = next(
        (
            progress_of(r, rsc=rsc, training=training, on=on)
            for r in rules
            if r.purpose == "renew" and r.credential == held
        ),
        None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        category="staff",
        organization_id=person.organization_id,
        subject_type="readiness",
        subject_id=person.uuid,
    )
    return Readiness(person=person, profile=profile, on=on, earn=earn, renew=renew)
