"""The demo's reflective workforce: a year of RS/C and training history for Pat and Noor under Sam.

Noor receives a monthly group session and fortnightly individual ones: she has the hours for Infant
Family Specialist and is a few hours short of Infant Mental Health Specialist (near endorsement), and is
qualified for relationship-based therapy. Pat stopped coming to RS/C four months ago (sessions missed,
one cancelled): her qualification has lapsed, and the pages say why and what would restore it. Sessions
are written through the workforce services, dated in the past; one group session is scheduled ahead.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from nestling.access.policy import current_q
from nestling.accounts.models import User
from nestling.families.models import CaseloadAssignment, Family
from nestling.workforce.models import Credential, Discipline, EducationLevel, RscKind
from nestling.workforce.services.profile import staff_profile_of, staff_profile_update
from nestling.workforce.services.rsc import SessionInput, rsc_session_cancel, rsc_session_log
from nestling.workforce.services.training import TrainingInput, training_record

MONTHS = 12
# Pat's last RS/C received: long enough ago that her qualification (RS/C within 90 days) has lapsed.
PAT_LAST_DAYS = 120

NOTES = [
    "Talked through a visit where the baby turned away each time the mother leaned in; what each of them "
    "might have felt, and what the practitioner felt in the room.",
    "Reflected on a father's anger at the visit schedule; noticed the pull to fix it rather than wonder.",
    "Noticed how a grandmother's stories of her own childhood came up whenever the toddler cried.",
    "Stayed with the practitioner's tiredness after a hard week; planned what would help her be present.",
]


def _profile(person: User, manager: User, own: dict[str, object], program: dict[str, object]) -> None:
    profile = staff_profile_of(person)
    profile = staff_profile_update(by=person, person=person, version=profile.version, changes=own)
    staff_profile_update(by=manager, person=person, version=profile.version, changes=program)


def _training(
    person: User, course: str, hours: int, completed: date, areas: list[str], special: bool
) -> None:
    training_record(
        by=person,
        person=person,
        given=TrainingInput(
            course=course,
            provider="Synthetic Institute for Infant and Family Practice",
            started_on=completed - timedelta(days=30),
            completed_on=completed,
            hours=Decimal(hours),
            competency_areas=areas,
            specialized_imh=special,
        ),
        client_id=None,
    )


def _first_family(person: User) -> list[Family]:
    found = (
        CaseloadAssignment.objects.filter(current_q(), practitioner=person)
        .select_related("family")
        .order_by("family_id")
        .first()
    )
    return [found.family] if found else []


def add_workforce_history(*, pat: User, noor: User, supervisor: User, manager: User, today: date) -> None:
    """Profiles, training and a year of RS/C for the demo's two named practitioners."""
    _profile(
        pat,
        manager,
        {
            "discipline": Discipline.HOME_VISITING,
            "education_level": EducationLevel.BACHELOR,
            "languages": "English, Spanish",
        },
        {"caseload_capacity": 12},
    )
    _profile(
        noor,
        manager,
        {
            "discipline": Discipline.SOCIAL_WORK,
            "education_level": EducationLevel.MASTER,
            "licence": "Licensed clinical social worker (synthetic)",
            "languages": "English, Arabic",
        },
        {"caseload_capacity": 14},
    )
    _profile(
        supervisor,
        manager,
        {
            "discipline": Discipline.PSYCHOLOGY,
            "education_level": EducationLevel.DOCTORATE,
            "languages": "English, Igbo",
        },
        {
            "endorsement_category": Credential.MENTOR_CLINICAL,
            "endorsement_number": "DEMO-0001",
            "endorsement_earned_on": today - timedelta(days=1100),
            "endorsement_renews_on": today + timedelta(days=270),
        },
    )
    core = ["development", "family_centred", "relationship_focused", "attachment", "culture"]
    _training(pat, "Foundations of infant mental health", 40, today - timedelta(days=420), core, True)
    _training(pat, "Cultural humility in home visiting", 8, today - timedelta(days=130), ["culture"], False)
    _training(noor, "Foundations of infant mental health", 40, today - timedelta(days=330), core, True)
    _training(
        noor,
        "Child-parent psychotherapy: an introduction",
        16,
        today - timedelta(days=150),
        ["relationship_focused", "attachment", "disorders"],
        True,
    )
    families = _first_family(pat) + _first_family(noor)
    start = today - timedelta(days=MONTHS * 30)
    # A monthly group session for both; Pat there until four months ago.
    for month in range(MONTHS):
        on = start + timedelta(days=30 * month + 3)
        if on >= today:
            break
        came = [noor] if (today - on).days < PAT_LAST_DAYS else [pat, noor]
        given = SessionInput(
            kind=RscKind.GROUP,
            held_on=on,
            duration_minutes=90,
            supervisees=[pat, noor],
            families=families if month % 3 == 0 else [],
            held=True,
            attended=came,
            notes=NOTES[month % len(NOTES)],
        )
        rsc_session_log(by=supervisor, given=given, client_id=None)
    # Fortnightly individual sessions for Noor.
    for n in range(MONTHS * 2 - 1):
        on = start + timedelta(days=15 * n + 8)
        if on >= today:
            break
        given = SessionInput(
            kind=RscKind.INDIVIDUAL,
            held_on=on,
            duration_minutes=60,
            supervisees=[noor],
            families=families[1:],
            held=True,
            attended=[noor],
            notes=NOTES[(n + 1) % len(NOTES)],
        )
        rsc_session_log(by=supervisor, given=given, client_id=None)
    # Pat's individual sessions, monthly until four months ago; the one since, cancelled.
    for month in range(0, MONTHS - 4):
        on = start + timedelta(days=30 * month + 12)
        given = SessionInput(
            kind=RscKind.INDIVIDUAL,
            held_on=on,
            duration_minutes=60,
            supervisees=[pat],
            families=families[:1],
            held=True,
            attended=[pat],
            notes=NOTES[month % len(NOTES)],
        )
        rsc_session_log(by=supervisor, given=given, client_id=None)
    # The next group session, scheduled; and one of Pat's, scheduled and then cancelled.
    ahead = SessionInput(
        kind=RscKind.GROUP,
        held_on=today + timedelta(days=10),
        duration_minutes=90,
        supervisees=[pat, noor],
        families=[],
        held=False,
        attended=[],
    )
    rsc_session_log(by=supervisor, given=ahead, client_id=None)
    later = SessionInput(
        kind=RscKind.INDIVIDUAL,
        held_on=today + timedelta(days=3),
        duration_minutes=60,
        supervisees=[pat],
        families=[],
        held=False,
        attended=[],
    )
    cancelled = rsc_session_log(by=supervisor, given=later, client_id=None)
    rsc_session_cancel(by=supervisor, session=cancelled, version=cancelled.version, reason="Pat on leave")
