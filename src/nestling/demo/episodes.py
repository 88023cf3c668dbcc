"""Episodes that end: one demo family discharged three weeks ago with its goals met, its open follow-up
closed at discharge; another discharged after contact was lost, then enrolled again six weeks ago (its
screens come due again). Made through the services a practitioner uses, so the discharge asks about, and
records, exactly what the product would. Invented data; two families, so the bulk demo stays fast."""

from __future__ import annotations

from datetime import date, timedelta

from nestling.accounts.models import User
from nestling.families.models import Caregiver, DischargeReason, Enrollment, Family
from nestling.families.services.discharge import Decision, discharge_sections, enrollment_discharge
from nestling.families.services.enrollment import enrollment_create, enrollment_update
from nestling.screening.services import screening_record

# What the practitioner wrote, and why each open item was closed.
GOALS_MET_SUMMARY = (
    "Over ten months the family and I worked on routines, play and the parents' worry about money. Both "
    "parents now read their son's cues with confidence, the rent is settled, and he starts preschool in "
    "the autumn. We agreed together that they no longer need home visits; they know how to come back."
)
LOST_CONTACT_SUMMARY = (
    "After three missed visits and no answer to calls, texts or a letter, the episode is closed. The "
    "family is welcome back at any time; the pediatric clinic knows how to refer them again."
)
CLOSE_REASONS = {
    "tasks": "Talked it over at the last visit; she continues with her own doctor.",
    "screening": "Not given: the family was finishing with us.",
    "visits": "No more visits after discharge.",
}


def _redate(episode: Enrollment, by: User, on: date) -> Enrollment:
    return enrollment_update(enrollment=episode, by=by, version=episode.version, enrolled_on=on)


def _discharge(episode: Enrollment, by: User, *, on: date, reason: str, summary: str) -> Enrollment:
    """Discharge, closing every open item the practitioner may see, each with its kind's reason."""
    sections = discharge_sections(user=by, enrollment=episode, on=on)
    decisions = {
        item.key: Decision(close=True, reason=CLOSE_REASONS.get(section.kind, ""))
        for section in sections
        for item in section.items
    }
    return enrollment_discharge(
        enrollment=episode,
        by=by,
        version=episode.version,
        discharged_on=on,
        reason=reason,
        summary=summary,
        decisions=decisions,
    )


def add_discharges(*, discharged: Family, re_enrolled: Family, practitioner: User, today: date) -> None:
    """`discharged` leaves the caseload (it shows under "Discharged"); `re_enrolled` is back in care."""
    episode = _redate(Enrollment.objects.get(family=discharged), practitioner, today - timedelta(days=300))
    mother = Caregiver.objects.filter(family=discharged).order_by("pk").first()
    if mother is not None:
        # A positive PHQ-9 at the last visit but one: its follow-up is open when the family is discharged.
        screening_record(
            family=discharged,
            subject=mother,
            instrument_id="phq-9",
            answers=[1, 2, 1, 2, 1, 1, 1, 1, 0],
            by=practitioner,
            administered_on=today - timedelta(days=30),
        )
    _discharge(
        episode,
        practitioner,
        on=today - timedelta(days=21),
        reason=DischargeReason.GOALS_MET,
        summary=GOALS_MET_SUMMARY,
    )

    first = _redate(Enrollment.objects.get(family=re_enrolled), practitioner, today - timedelta(days=320))
    first = _discharge(
        first,
        practitioner,
        on=today - timedelta(days=150),
        reason=DischargeReason.LOST_CONTACT,
        summary=LOST_CONTACT_SUMMARY,
    )
    enrollment_create(
        family=re_enrolled,
        by=practitioner,
        program=first.program,
        enrolled_on=today - timedelta(days=45),
        referral_source="self",
        referral_detail="The mother called after moving back to Riverbend",
        service_level="intervention",
    )
