"""Months of visits for the demo's hand-shaped families, and a few months of a parent–baby group, made
through the services a practitioner uses — so statuses, reschedule chains, services for each of the three
patients, notes signed with addenda and group attendance are what the product itself would make.

Every visit setting and status appears: most visits held and documented, some missed (not at home, did
not come), some cancelled by the family or by staff, a few rescheduled, the next ones scheduled; the
latest notes are still drafts. One practitioner is qualified for relationship-based therapy and
delivers child-parent psychotherapy and interaction guidance. Invented words; only the first families of
each practitioner, so the bulk demo stays as fast as before.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from nestling.access.policy import Action, can, mark_checked
from nestling.accounts.models import User
from nestling.families.models import Caregiver, Child, Enrollment, Family, Relationship
from nestling.plans.models import Goal, GoalStatus, ServiceType
from nestling.visits.models import Visit, VisitNote, VisitSetting
from nestling.visits.services import (
    group_attendance_record,
    group_session_create,
    note_addendum_add,
    visit_cancel,
    visit_mark_missed,
    visit_note_save,
    visit_note_sign,
    visit_record,
    visit_reschedule,
    visit_schedule,
)

FAMILIES_EACH = 5  # per practitioner
EVERY_DAYS = 14
HISTORY_DAYS = 120  # four months
# One slot per family of a practitioner, none overlapping (a visit lasts at most 90 minutes here).
SLOTS = [time(8, 30), time(10, 0), time(11, 30), time(13, 0), time(14, 30), time(16, 0)]
SETTINGS = [
    VisitSetting.HOME,
    VisitSetting.HOME,
    VisitSetting.VIDEO,
    VisitSetting.HOME,
    VisitSetting.COMMUNITY,
    VisitSetting.PHONE,
    VisitSetting.HOME,
    VisitSetting.CHILD_CARE,
    VisitSetting.CLINIC,
    VisitSetting.OTHER,
]
PLACES = {
    VisitSetting.HOME: "Home",
    VisitSetting.CLINIC: "Riverbend clinic, family room",
    VisitSetting.VIDEO: "Video call",
    VisitSetting.PHONE: "Phone call",
    VisitSetting.COMMUNITY: "Eastside library",
    VisitSetting.CHILD_CARE: "Little Acorns child care",
    VisitSetting.OTHER: "Pediatric clinic waiting room",
}

OBSERVED = [
    "The baby turned toward the caregiver's voice and settled against her shoulder within a minute.",
    "During the feed they shared long looks; when the baby turned away she waited, and he came back.",
    "The toddler brought each new toy to show, checking the caregiver's face before going on.",
    "A fretful start: the caregiver tried several things quickly, then slowed down and the baby calmed.",
    "Floor play together; the caregiver followed the child's lead and named what he was doing.",
    "The child hid behind the caregiver when I arrived and warmed up after ten minutes on her lap.",
]
OFFERED = [
    "Talked through the baby's sleep cues and a wind-down routine the family could try.",
    "Developmental guidance on tummy time; we practised it together on the rug.",
    "Emotional support around the caregiver's tiredness; shared the warm line number again.",
    "Helped with the housing application and a letter for the landlord.",
    "Watched a short video of their play together and noticed the moments of connection.",
    "Explored what the crying brings up for the caregiver, and what helps her stay with it.",
]
CAREGIVER_VIEW = [
    "“She knows my voice now.” Feels more confident at bath time.",
    "Worried the baby is not eating enough; relieved to see the weight on the chart.",
    "Says the evenings are the hardest, before her partner is home.",
    "Feels judged at the clinic; wants to go with someone next time.",
    "Enjoys the group and has made a friend there.",
    "Thinks things are calmer since the new routine.",
]
REFLECTION = [
    "I noticed my own wish to fix the crying; staying curious helped more. To supervision.",
    "The caregiver's story of her own mother came up again; a ghost worth holding gently.",
    "Felt hopeful; the relationship looks more relaxed than a month ago.",
    "I talked too much early on. Next time, wait and watch first.",
    "Worried about the housing stress spilling into the relationship; will keep it in view.",
    "Moved by how carefully he held the baby today.",
]
NEXT_STEPS = [
    "Bring the picture book; check how the routine went.",
    "Call the housing office together on Thursday.",
    "Offer the parent–baby group next month.",
    "Repeat the screen at the next visit.",
    "Plan a joint visit with the clinic's IMH therapist.",
    "Keep to fortnightly visits; review the plan in a month.",
]
ADDENDA = [
    "The caregiver called the next day: the night went better than expected.",
    "Correction: the appointment is on the 14th, not the 4th.",
    "Discussed in reflective supervision; we will slow the pace of the work.",
]
GROUP_TOPICS = [
    "Songs and rhymes for settling",
    "Tummy time and play on the floor",
    "Crying: what it tells us, what helps",
    "Sleep for babies and for parents",
    "Feeding together",
]


@dataclass
class _Family:
    family: Family
    practitioner: User
    enrolled_on: date
    caregivers: list[Caregiver]
    children: list[Child]
    relationships: list[Relationship]


def _families(families: list[Family], practitioners: list[User]) -> list[_Family]:
    # Visits are of the episode open now: a discharged family has none to come, and a re-enrolled one's
    # history starts with its new episode.
    enrollments = {
        e.family_id: e.enrolled_on
        for e in Enrollment.objects.filter(family__in=families, discharged_on__isnull=True)
    }
    caregivers = list(Caregiver.objects.filter(family__in=families).order_by("pk"))
    children = list(Child.objects.filter(family__in=families).order_by("pk"))
    relationships = list(
        Relationship.objects.filter(family__in=families).select_related("caregiver", "child").order_by("pk")
    )
    made = []
    for index, family in enumerate(families):
        if family.pk not in enrollments:
            continue
        practitioner = practitioners[index % len(practitioners)]
        # The demo is its practitioners' own work: each service still checks, once per family object.
        if can(practitioner, Action.FAMILY_EDIT, family):
            mark_checked(family, practitioner, Action.FAMILY_VIEW, Action.FAMILY_EDIT)
        made.append(
            _Family(
                family=family,
                practitioner=practitioner,
                enrolled_on=enrollments[family.pk],
                caregivers=[c for c in caregivers if c.family_id == family.pk],
                children=[c for c in children if c.family_id == family.pk],
                relationships=[r for r in relationships if r.family_id == family.pk],
            )
        )
    return made


def _note_texts(rng: random.Random) -> dict[str, str]:
    return {
        "observed": rng.choice(OBSERVED),
        "offered": rng.choice(OFFERED),
        "caregiver_view": rng.choice(CAREGIVER_VIEW),
        "reflection": rng.choice(REFLECTION),
        "next_steps": rng.choice(NEXT_STEPS),
    }


def _services(
    rng: random.Random, shaped: _Family, types: dict[str, ServiceType], on: date, qualified: bool
) -> list[tuple[ServiceType, Caregiver | Child | Relationship]]:
    born = [r for r in shaped.relationships if r.child.date_of_birth and r.child.date_of_birth <= on]
    caregiver = shaped.caregivers[0]
    chosen: list[tuple[ServiceType, Caregiver | Child | Relationship]] = [
        (types["emotional_support"], caregiver)
    ]
    if born:
        pair = born[0]
        chosen.append((types["developmental_guidance"], pair))
        if qualified and rng.random() < 0.5:
            chosen.append((types[rng.choice(["child_parent_psychotherapy", "interaction_guidance"])], pair))
        elif rng.random() < 0.4:
            chosen.append((types["early_relationship_assessment"], pair))
    if rng.random() < 0.3:
        chosen.append((types[rng.choice(["case_management", "advocacy", "social_support"])], caregiver))
    return chosen


def _present(shaped: _Family, on: date) -> list[Caregiver | Child]:
    born: list[Caregiver | Child] = [c for c in shaped.children if c.date_of_birth and c.date_of_birth <= on]
    return [*shaped.caregivers[:2], *born]


def _goals(family: Family) -> list[Goal]:
    return list(Goal.objects.filter(family=family, status=GoalStatus.ACTIVE)[:2])


def _visit_history(
    rng: random.Random,
    shaped: _Family,
    slot: time,
    today: date,
    types: dict[str, ServiceType],
    qualified: set[int],
    draft_days: int,
) -> int:
    """Fortnightly visits from the enrollment (or four months ago) to a month ahead, the notes of those
    held in the last `draft_days` still drafts; returns how many visits were made."""
    family, by = shaped.family, shaped.practitioner
    start = max(shaped.enrolled_on + timedelta(days=2), today - timedelta(days=HISTORY_DAYS))
    made = 0
    on = start
    step = 0
    goals = _goals(family)
    while on <= today + timedelta(days=30):
        setting = SETTINGS[(step + family.pk) % len(SETTINGS)]
        visit = visit_schedule(
            family=family,
            by=by,
            visit_on=on,
            starts_at=slot,
            duration_minutes=rng.choice([45, 60, 60, 75, 90]),
            setting=setting,
            place=PLACES[setting],
            confirm_clash=True,
        )
        made += 1
        age = (today - on).days
        roll = rng.random()
        if on > today or (age == 0 and roll < 0.5):
            pass  # still to come
        elif roll < 0.07:
            visit_mark_missed(
                visit=visit, by=by, version=visit.version, reason=rng.choice(["not_home", "no_show"])
            )
        elif roll < 0.12:
            visit_cancel(
                visit=visit,
                by=by,
                version=visit.version,
                cancelled_by="staff" if roll < 0.09 else "family",
                reason="Practitioner unwell" if roll < 0.09 else "Baby had a fever",
            )
        elif roll < 0.16 and on + timedelta(days=2) <= today:
            moved = visit_reschedule(
                visit=visit,
                by=by,
                version=visit.version,
                cancelled_by="family",
                reason="Hospital appointment that morning",
                visit_on=on + timedelta(days=2),
                starts_at=slot,
                duration_minutes=visit.duration_minutes,
                setting=visit.setting,
                place=visit.place,
                confirm_clash=True,
            )
            made += 1
            _hold(rng, shaped, moved, today, types, qualified, goals, draft_days)
        else:
            _hold(rng, shaped, visit, today, types, qualified, goals, draft_days)
        on += timedelta(days=EVERY_DAYS)
        step += 1
    return made


def _hold(
    rng: random.Random,
    shaped: _Family,
    visit: Visit,
    today: date,
    types: dict[str, ServiceType],
    qualified: set[int],
    goals: list[Goal],
    draft_days: int,
) -> None:
    """Record the visit as held, and its note: signed (a few with an addendum), or still a draft when it
    was held in the last `draft_days`."""
    by = shaped.practitioner
    held = visit_record(
        visit=visit,
        by=by,
        version=visit.version,
        present=_present(shaped, visit.visit_on),
        interpreter_language=shaped.family.preferred_language if shaped.family.interpreter_needed else "",
        services=_services(rng, shaped, types, visit.visit_on, by.pk in qualified),
        goals=goals,
    )
    texts = _note_texts(rng)
    if (today - held.visit_on).days <= draft_days:
        visit_note_save(visit=held, by=by, version=0, **texts)
        return
    note: VisitNote = visit_note_sign(visit=held, by=by, version=0, **texts)
    if rng.random() < 0.2:
        note_addendum_add(note=note, by=by, text=rng.choice(ADDENDA))


def _groups(shaped: list[_Family], program_id: int, facilitators: list[User], today: date) -> int:
    """A monthly parent–baby group of the home-visiting program for four months, with the families that
    came (each recorded by the family's own practitioner)."""
    in_program = [s for s in shaped if s.family.program_id == program_id and s.caregivers]
    if not in_program:
        return 0
    program = in_program[0].family.program
    made = 0
    for month, topic in enumerate(GROUP_TOPICS[:4]):
        held_on = today - timedelta(days=7 + 30 * month)
        session = group_session_create(
            program=program,
            by=facilitators[0],
            kind="parent_baby",
            topic=topic,
            held_on=held_on,
            starts_at=time(10, 0),
            duration_minutes=90,
            place="Eastside family centre",
            facilitators=facilitators,
        )
        made += 1
        for index, attending in enumerate(in_program):
            if (index + month) % 3 == 2:
                continue
            group_attendance_record(
                session=session,
                family=attending.family,
                by=attending.practitioner,
                present=_present(attending, held_on)[:2],
                note="Joined the songs; stayed for tea and talked with another parent."
                if index % 2
                else "Quiet at first; fed the baby in the corner, then came into the circle.",
            )
    return made


def add_visit_histories(
    *,
    families: list[Family],
    practitioners: list[User],
    manager: User,
    group_program_id: int,
    today: date,
    seed: int = 2026,
) -> int:
    """Visits for the first families of each practitioner (`families` in caseload order, `practitioners`
    carrying them in turn), the last of them the one qualified for relationship-based therapy (by
    their records), and the home-visiting program's parent–baby group. Returns how many visits were made."""
    rng = random.Random(seed)
    # Qualified for relationship-based therapy by their training and RS/C records (demo.workforce).
    therapist = practitioners[-1]
    types = {t.code: t for t in ServiceType.objects.filter(organization__isnull=True)}
    shaped = _families(families[: FAMILIES_EACH * len(practitioners)], practitioners)
    made = 0
    for index, one in enumerate(shaped):
        # Every third family's latest note waits to be signed: the worklist's "visits to document".
        draft_days = EVERY_DAYS if index % 3 == 0 else 1
        slot = SLOTS[index // len(practitioners) % len(SLOTS)]
        made += _visit_history(rng, one, slot, today, types, {therapist.pk}, draft_days)
    _groups(shaped, group_program_id, practitioners, today)
    return made
