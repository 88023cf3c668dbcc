"""What screening adds to the family page (screens due beside each person), to each caseload row (screens
due and overdue, open safety alerts, follow-ups) and to the History page (screens given, marked entered in
error, safety alerts raised and answered). Registered when the app is ready."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nestling.accounts.models import User
from nestling.families.age_words import program_rule
from nestling.families.contributions import (
    CaseloadNeeds,
    FamilyParts,
    Part,
    TimelineEntry,
    contribute_to_caseload,
    contribute_to_family_page,
    contribute_to_timeline,
)
from nestling.families.models import Family, Relationship, is_discharged
from nestling.families.selectors import FamilyPage
from nestling.screening.alert_selectors import open_alerts_in_family
from nestling.screening.attention import caseload_attention
from nestling.screening.models import SafetyAlert, ScreeningResult
from nestling.screening.scoring import UnknownInstrument, default_library
from nestling.screening.selectors import (
    family_results,
    open_enrollment_date,
    people_screening,
    program_schedule,
)
from nestling.screening.words import band_label, short_name


def family_page_due_screens(*, actor: User, family: Family, page: FamilyPage) -> FamilyParts:
    """Screens due and overdue beside each person, from the program's schedule: built from what the page
    already loaded, plus one query for the results."""
    people = people_screening(
        caregivers=page.caregivers,
        children=[row.child for row in page.children],
        relationships=page.relationships,
        enrolled_on=open_enrollment_date(page.enrollments),
        discharged=is_discharged(page.enrollments),
        results=family_results(family=family),
        on=page.today,
        rule=program_rule(family.program),
        schedule=program_schedule(family.program),
        offered=False,
    )
    parts = FamilyParts()
    for person in people:
        due = [item for item in person.due if item.status in ("due", "overdue")]
        if due:
            parts.about[str(person.subject.uuid)] = [
                Part("screening/_due_badges.html", {"due": due, "family": family})
            ]
    return parts


def family_page_open_alerts(*, actor: User, family: Family, page: FamilyPage) -> FamilyParts:
    """The family's open safety alerts, first on its page (one query): they reach whoever reads the
    family, a colleague covering it under emergency access included."""
    alerts = open_alerts_in_family(actor=actor, family=family)
    if not alerts:
        return FamilyParts()
    return FamilyParts(panels=[Part("screening/_open_alerts.html", {"alerts": alerts, "family": family})])


def caseload_screening(*, actor: User, families: Sequence[Family], on: date) -> Mapping[int, CaseloadNeeds]:
    attention = caseload_attention(families=list(families), on=on)
    return {
        family.pk: CaseloadNeeds(
            part=Part("screening/_caseload_needs.html", {"needs": attention[family.pk], "family": family}),
            needs_attention=attention[family.pk].needs_attention,
            counts={
                "overdue": attention[family.pk].overdue_count,
                "due": attention[family.pk].due_count,
                "alerts": len(attention[family.pk].open_alerts),
            },
        )
        for family in families
    }


def _title(definition_key: str) -> str:
    try:
        return short_name(default_library().get(definition_key))
    except UnknownInstrument:
        return definition_key


def _band(result: ScreeningResult) -> str:
    if not result.band:
        return _("stopped before the end") if result.total is None else "—"
    try:
        return str(band_label(default_library().get(result.definition), result.band))
    except UnknownInstrument:
        return result.band


def screening_history(*, actor: User, family: Family) -> list[TimelineEntry]:
    """Screens given and marked entered in error, each in its instrument's sensitive category, and safety
    alerts raised and answered, which name no instrument and reach everyone who reads the family (two
    queries)."""
    entries: list[TimelineEntry] = []
    for result in family_results(family=family):
        who = result.person
        name = (
            f"{who.caregiver.full_name} & {who.child.full_name or _('Baby')}"
            if isinstance(who, Relationship)
            else who.full_name or _("Baby")
        )
        entries.append(
            TimelineEntry(
                result.administered_on,
                "screening",
                _("%(instrument)s given to %(name)s: %(band)s")
                % {"instrument": _title(result.definition), "name": name, "band": _band(result)},
                frozenset({str(result.subject_id)}),
                result.sensitive_category,
            )
        )
        if result.entered_in_error_at is not None:
            entries.append(
                TimelineEntry(
                    timezone.localdate(result.entered_in_error_at),
                    "screening",
                    _("%(instrument)s of %(on)s marked entered in error: %(reason)s")
                    % {
                        "instrument": _title(result.definition),
                        "on": result.administered_on,
                        "reason": result.entered_in_error_reason,
                    },
                    frozenset({str(result.subject_id)}),
                    result.sensitive_category,
                )
            )
    for alert in SafetyAlert.objects.filter(family=family).select_related("result"):
        people = frozenset({str(alert.result.subject_id)})
        entries.append(
            TimelineEntry(
                timezone.localdate(alert.raised_at),
                "screening",
                _("Urgent safety alert raised (%(kind)s)") % {"kind": alert.get_kind_display().lower()},
                people,
            )
        )
        if alert.responded_at is not None:
            entries.append(
                TimelineEntry(timezone.localdate(alert.responded_at), "screening", _answered(alert), people)
            )
        # Answering it made version 2; any later version corrected the response.
        if alert.risk and alert.version > 2:
            entries.append(
                TimelineEntry(
                    timezone.localdate(alert.updated_at),
                    "screening",
                    _("Safety response corrected: %(risk)s risk")
                    % {"risk": alert.get_risk_display().lower()},
                    people,
                )
            )
    return entries


def _answered(alert: SafetyAlert) -> str:
    if not alert.risk:  # answered before risk and actions were recorded
        return _("Safety alert answered: %(response)s") % {"response": alert.get_response_display()}
    text = _("Safety alert answered: %(risk)s risk") % {"risk": alert.get_risk_display().lower()}
    if alert.action_labels:
        text = f"{text}; {', '.join(label.lower() for label in alert.action_labels)}"
    if alert.responded_under_id is not None:
        text = _("%(text)s (under emergency access)") % {"text": text}
    return text


def register() -> None:
    contribute_to_family_page(family_page_open_alerts)
    contribute_to_family_page(family_page_due_screens)
    contribute_to_caseload(caseload_screening)
    contribute_to_timeline(screening_history, {"screening": gettext_lazy("Screening and safety alerts")})
