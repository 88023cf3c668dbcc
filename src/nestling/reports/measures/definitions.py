"""Every measure Nestling ships, as data.

A definition says who is counted (the population, the denominator), what meets the measure (the
numerator), what is left out and why (the exclusions), the timing window and the record fields it reads.
The engine knows a few population and numerator kinds; a measure is a combination of them with its own
numbers. A published definition never changes: a change is a new version (`key@version`), and
`published.json` pins each published one by hash. A draft is a measure whose records Nestling does not
keep yet: it evaluates to "not recorded yet", never to 0, until its records exist and it is published.

Sources: MIECHV Form 2 (2016 revision, OMB 0906-0017). Checked against the published form text (the
2016 and 2021 OMB filings): #1 preterm birth (numerator, denominator, "enrolled prenatally before 37
weeks"; a case missing a data element is excluded and counted as missing, which is what the
`gestation_not_recorded` exclusion does), #2 breastfeeding and #3 depression screening (`checked=True`).
The windows of the others follow the benchmark summaries in the clinical reference and stay
`checked=False` until a program checks them against the revision it reports on (a 2024 revision exists).
`docs/measures.md` records the check of each measure, what it confirmed and what it could not.

`MEASURES` holds the current version of each measure; `SUPERSEDED` the published versions a newer one
replaced, still shipped and evaluable (a report made with one names it), never shown as current.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from hashlib import sha256
from json import dumps

PUBLISHED = "published"


def gettext_noop(text: str) -> str:
    """Marks a text for translation without Django (makemessages finds it by this name); the pages and
    files show it through gettext."""
    return text


DRAFT = "draft"

DEPRESSION_TOOLS = ("epds", "phq-2", "phq-9", "whooley")
# The validated parent-completed developmental and behavioural screens Nestling holds. A program that
# licenses the ASQ-3 adds it in a new version.
DEVELOPMENTAL_TOOLS = ("mchat-r", "swyc-bpsc", "swyc-posi", "swyc-ppsc")
IPV_TOOLS = ("hits",)
TERM_DAYS_MIN = 37 * 7  # 37+0 weeks: from here a birth is not preterm


@dataclass(frozen=True)
class Interval:
    """An age window of a child, in completed months from birth."""

    label: str
    from_months: int
    to_months: int


@dataclass(frozen=True)
class Measure:
    key: str
    version: int
    status: str  # published or draft
    source: str  # "MIECHV Form 2 #3", "Nestling IMH"
    benchmark: str  # the benchmark area or our own heading
    title: str
    unit: str  # what one count is: a caregiver, a birth, a child at an age, a visit, a family
    population: str  # an engine population kind
    numerator: str  # an engine numerator kind
    denominator_text: str
    numerator_text: str
    instruments: tuple[str, ...] = ()
    window_days: int = 0  # the timing window, counted from its anchor (day 0 is the anchor)
    prenatal_anchor_birth: bool = False  # enrolled prenatally: the window runs from the birth
    max_gestation_at_enrollment_days: int = 0
    below_gestation_days: int = 0
    intervals: tuple[Interval, ...] = ()
    min_days_in_care: int = 0
    exclusions: tuple[str, ...] = ()  # the engine's exclusion codes this measure applies
    reads: tuple[str, ...] = ()  # model.field the measure reads
    sensitive_category: str = ""  # families behind the numbers shown only with a grant for it
    checked: bool = False  # the definition checked against the funder's published text
    needs: str = ""  # a draft: what has to be recorded before it can be evaluated
    # Added after the first definitions were published (see ADDED_LATER).
    statistic: str = "rate"  # rate (numerator of denominator), median or mean (of each unit's value)
    referral_domains: tuple[str, ...] = ()  # the needs a referral answers (referrals.Domain)
    subject_kind: str = ""  # whose record: caregiver, child
    service_windows: tuple[tuple[str, int], ...] = ()  # a kind of service's own window, in days
    window_hours: int = 0  # a timing window counted in hours
    min_minutes: int = 0  # a unit's value that meets the measure, in minutes

    @property
    def ref(self) -> str:
        return f"{self.key}@{self.version}"

    @property
    def recorded(self) -> bool:
        return self.status == PUBLISHED


# Fields added after definitions were first published, with their defaults: a definition leaves them out
# of its canonical form while it keeps the default, so that the versions published before keep their hash.
ADDED_LATER = {
    "statistic": "rate",
    "referral_domains": (),
    "subject_kind": "",
    "service_windows": (),
    "window_hours": 0,
    "min_minutes": 0,
}


def digest(measure: Measure) -> str:
    """The SHA-256 of a definition's canonical JSON: what `published.json` pins."""
    fields = {
        name: value
        for name, value in asdict(measure).items()
        if name not in ADDED_LATER or getattr(measure, name) != ADDED_LATER[name]
    }
    return sha256(dumps(fields, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


_ENROLLMENT = ("families.Enrollment.enrolled_on", "families.Enrollment.discharged_on")
_SCREENS = (
    "screening.ScreeningResult.instrument",
    "screening.ScreeningResult.administered_on",
    "screening.ScreeningResult.total",
    "screening.ScreeningResult.entered_in_error_at",
)

# A referral's first service contact is the day its "completed" status was set (`closed_on`: completed
# ends a referral, and nothing follows it).
_REFERRALS = (
    "referrals.Referral.subject",
    "referrals.Referral.domain",
    "referrals.Referral.service_kind",
    "referrals.Referral.referred_on",
    "referrals.Referral.status",
    "referrals.Referral.closed_on",
    "referrals.Referral.from_result",
    "screening.ScreeningResult.positive",
)

_PRETERM_READS = (
    *_ENROLLMENT,
    "families.Child.date_of_birth",
    "families.Child.gestation_weeks",
    "families.Child.gestation_days",
)

_PRETERM_BIRTH_1 = Measure(
    key="preterm-birth",
    version=1,
    status=PUBLISHED,
    source="MIECHV Form 2 #1",
    benchmark=gettext_noop("Maternal and newborn health"),
    title=gettext_noop("Preterm birth"),
    unit=gettext_noop("birth"),
    population="births_after_prenatal_enrollment",
    numerator="born_before",
    denominator_text=gettext_noop(
        "Live births in the period to caregivers enrolled prenatally before 37+0 weeks"
    ),
    numerator_text=gettext_noop("Born before 37 completed weeks"),
    max_gestation_at_enrollment_days=TERM_DAYS_MIN,
    below_gestation_days=TERM_DAYS_MIN,
    exclusions=("gestation_not_recorded",),
    reads=_PRETERM_READS,
    checked=True,
)

MEASURES: tuple[Measure, ...] = (
    # Form 2 #1 counts the live births after enrollment to mothers who enrolled prenatally before 37
    # weeks: the birth she enrolled for and any later one while enrolled. Version 1 judged each birth by
    # itself, so a later birth to a mother who enrolled after a birth, or at 37+0 weeks or later, was
    # counted too; version 2 decides by her enrollment (docs/measures.md).
    replace(
        _PRETERM_BIRTH_1,
        version=2,
        population="births_to_prenatal_enrollees",
        exclusions=("gestation_not_recorded", "enrolled_at_term"),
    ),
    Measure(
        key="breastfeeding",
        version=0,
        status=DRAFT,
        source="MIECHV Form 2 #2",
        benchmark=gettext_noop("Maternal and newborn health"),
        title=gettext_noop("Breastfeeding"),
        unit=gettext_noop("infant"),
        population="",
        numerator="",
        denominator_text=gettext_noop("Infants aged 6–12 months whose mothers were enrolled prenatally"),
        numerator_text=gettext_noop("Breastfed any amount at 6 months"),
        needs=gettext_noop(
            "How each infant was fed: a dated feeding record on the child (any breast milk, until when)."
        ),
        checked=True,
    ),
    Measure(
        key="depression-screening",
        version=1,
        status=PUBLISHED,
        source="MIECHV Form 2 #3",
        benchmark=gettext_noop("Maternal and newborn health"),
        title=gettext_noop("Caregiver depression screening"),
        unit=gettext_noop("caregiver"),
        population="caregivers_after_enrollment",
        numerator="screened_in_window",
        denominator_text=gettext_noop(
            "Primary caregivers whose window closed in the period: 3 months (90 days) after enrollment, "
            "or 3 months after the birth when enrolled prenatally"
        ),
        numerator_text=gettext_noop("Screened with a validated depression tool within the window"),
        instruments=DEPRESSION_TOOLS,
        window_days=90,
        prenatal_anchor_birth=True,
        exclusions=("window_open", "discharged_in_window"),
        reads=(*_ENROLLMENT, "families.Child.date_of_birth", *_SCREENS),
        checked=True,
    ),
    Measure(
        key="well-child-visit",
        version=0,
        status=DRAFT,
        source="MIECHV Form 2 #4",
        benchmark=gettext_noop("Maternal and newborn health"),
        title=gettext_noop("Well-child visit"),
        unit=gettext_noop("child"),
        population="",
        numerator="",
        denominator_text=gettext_noop("Children enrolled"),
        numerator_text=gettext_noop("Received the last recommended well-child visit (AAP schedule)"),
        needs=gettext_noop(
            "The child's well-child visits with the pediatric provider: a dated record per visit."
        ),
    ),
    Measure(
        key="postpartum-care",
        version=0,
        status=DRAFT,
        source="MIECHV Form 2 #5",
        benchmark=gettext_noop("Maternal and newborn health"),
        title=gettext_noop("Postpartum care"),
        unit=gettext_noop("caregiver"),
        population="",
        numerator="",
        denominator_text=gettext_noop("Mothers enrolled prenatally or within 30 days after delivery"),
        numerator_text=gettext_noop("A postpartum medical visit within 8 weeks (56 days) of delivery"),
        needs=gettext_noop("The mother's postpartum medical visit: a dated record of it."),
    ),
    Measure(
        key="developmental-screening",
        version=1,
        status=PUBLISHED,
        source="MIECHV Form 2 #12",
        benchmark=gettext_noop("School readiness and achievement"),
        title=gettext_noop("Developmental screening"),
        unit=gettext_noop("child at an age"),
        population="children_at_intervals",
        numerator="child_screened_in_interval",
        denominator_text=gettext_noop(
            "Children in care who reached the end of a screening age (9, 18, 30 months)"
        ),
        numerator_text=gettext_noop("Screened with a validated parent-completed tool within that age"),
        instruments=DEVELOPMENTAL_TOOLS,
        intervals=(Interval("9 months", 8, 10), Interval("18 months", 16, 20), Interval("30 months", 27, 33)),
        exclusions=("window_open",),
        reads=(*_ENROLLMENT, "families.Child.date_of_birth", *_SCREENS),
    ),
    Measure(
        key="behavioral-concerns",
        version=1,
        status=PUBLISHED,
        source="MIECHV Form 2 #13",
        benchmark=gettext_noop("School readiness and achievement"),
        title=gettext_noop("Behavioral concerns asked"),
        unit=gettext_noop("visit"),
        population="postnatal_visits",
        numerator="concerns_screen_that_day",
        denominator_text=gettext_noop("Home visits held in the period after a child of the family was born"),
        numerator_text=gettext_noop(
            "A developmental or behavioural questionnaire was given to the family that day (the record "
            "of the caregiver being asked about concerns)"
        ),
        instruments=DEVELOPMENTAL_TOOLS,
        reads=(
            "visits.Visit.visit_on",
            "visits.Visit.status",
            "families.Child.date_of_birth",
            *_SCREENS,
        ),
    ),
    Measure(
        key="ipv-screening",
        version=1,
        status=PUBLISHED,
        source="MIECHV Form 2 #14",
        benchmark=gettext_noop("Domestic violence"),
        title=gettext_noop("Intimate-partner violence screening"),
        unit=gettext_noop("caregiver"),
        population="caregivers_after_enrollment",
        numerator="screened_in_window",
        denominator_text=gettext_noop(
            "Primary caregivers whose first 6 months (182 days) after enrollment ended in the period"
        ),
        numerator_text=gettext_noop(
            "Screened for intimate-partner violence with a validated tool within 6 months"
        ),
        instruments=IPV_TOOLS,
        window_days=182,
        exclusions=("window_open", "discharged_in_window"),
        reads=(*_ENROLLMENT, *_SCREENS),
        sensitive_category="intimate_partner_violence",
    ),
    Measure(
        key="depression-referrals",
        version=1,
        status=PUBLISHED,
        source="MIECHV Form 2 #17",
        benchmark=gettext_noop("Coordination and referrals"),
        title=gettext_noop("Completed depression referrals"),
        unit=gettext_noop("referral"),
        population="referrals_after_positive_screen",
        numerator="first_contact_by_period_end",
        denominator_text=gettext_noop(
            "Caregivers' referrals for depression made in the period after a positive screen"
        ),
        numerator_text=gettext_noop("At least one service contact made by the end of the period"),
        referral_domains=("depression",),
        subject_kind="caregiver",
        reads=_REFERRALS,
    ),
    Measure(
        key="developmental-referrals",
        version=1,
        status=PUBLISHED,
        source="MIECHV Form 2 #18",
        benchmark=gettext_noop("Coordination and referrals"),
        title=gettext_noop("Completed developmental referrals"),
        unit=gettext_noop("referral"),
        population="referrals_after_positive_screen",
        numerator="first_contact_by_period_end",
        denominator_text=gettext_noop(
            "Children's referrals for development made in the period after a positive screen"
        ),
        numerator_text=gettext_noop(
            "Services began in time: within 45 days of the referral for early intervention, 30 days for "
            "another service, and by the end of the period"
        ),
        referral_domains=("development",),
        subject_kind="child",
        window_days=30,
        service_windows=(("early_intervention", 45),),
        exclusions=("window_open",),
        reads=_REFERRALS,
    ),
    Measure(
        key="ipv-referrals",
        version=1,
        status=PUBLISHED,
        source="MIECHV Form 2 #19",
        benchmark=gettext_noop("Coordination and referrals"),
        title=gettext_noop("Intimate-partner violence referrals"),
        unit=gettext_noop("positive screen"),
        population="positive_screens_referred",
        numerator="referral_by_period_end",
        denominator_text=gettext_noop("Caregivers' positive intimate-partner violence screens in the period"),
        numerator_text=gettext_noop(
            "Referred to intimate-partner violence services on or after the screen, by the end of the period"
        ),
        instruments=IPV_TOOLS,
        referral_domains=("ipv",),
        subject_kind="caregiver",
        reads=(*_SCREENS, "screening.ScreeningResult.positive", *_REFERRALS),
        sensitive_category="intimate_partner_violence",
    ),
    Measure(
        key="relationship-goal",
        version=1,
        status=PUBLISHED,
        source="Nestling IMH",
        benchmark=gettext_noop("Infant mental health practice"),
        title=gettext_noop("Families with a relationship goal"),
        unit=gettext_noop("family"),
        population="families_in_care_at_end",
        numerator="relationship_goal_by_end",
        denominator_text=gettext_noop(
            "Families in care on the last day of the period, enrolled at least 60 days"
        ),
        numerator_text=gettext_noop("A care-plan goal for a caregiver–child relationship, set by then"),
        min_days_in_care=60,
        exclusions=("in_care_under_min_days",),
        reads=(*_ENROLLMENT, "plans.Goal.subject", "plans.Goal.created_at"),
    ),
    Measure(
        key="visits-completed",
        version=1,
        status=PUBLISHED,
        source="Nestling IMH",
        benchmark=gettext_noop("Infant mental health practice"),
        title=gettext_noop("Visits completed against planned"),
        unit=gettext_noop("visit"),
        population="planned_visits",
        numerator="visit_completed",
        denominator_text=gettext_noop("Visits planned for a day in the period, up to today"),
        numerator_text=gettext_noop("Held (marked completed)"),
        exclusions=("rescheduled", "not_yet_due"),
        reads=("visits.Visit.visit_on", "visits.Visit.status", "visits.Visit.rescheduled_to"),
    ),
    Measure(
        key="rsc-hours",
        version=1,
        status=PUBLISHED,
        source="Nestling IMH",
        benchmark=gettext_noop("Reflective practice"),
        title=gettext_noop("Reflective supervision hours per practitioner per month"),
        unit=gettext_noop("practitioner-month"),
        population="practitioner_months",
        numerator="rsc_minutes_at_least",
        denominator_text=gettext_noop(
            "Practitioners carrying a family of the program, each month of the period that has ended"
        ),
        numerator_text=gettext_noop(
            "At least one clock hour of reflective supervision or consultation received that month "
            "(the figure beside it: the hours received, on average)"
        ),
        statistic="mean",
        min_minutes=60,
        exclusions=("window_open",),
        reads=(
            "families.CaseloadAssignment.practitioner",
            "families.CaseloadAssignment.starts_on",
            "families.CaseloadAssignment.ends_on",
            "workforce.RscSession.status",
            "workforce.RscSession.held_on",
            "workforce.RscSession.duration_minutes",
            "workforce.RscParticipant.attended",
        ),
    ),
    Measure(
        key="screen-to-service-days",
        version=1,
        status=PUBLISHED,
        source="Nestling IMH",
        benchmark=gettext_noop("Coordination and referrals"),
        title=gettext_noop("Days from a positive screen to a referral's first service contact (median)"),
        unit=gettext_noop("referral"),
        population="referrals_first_contact",
        numerator="days_screen_to_contact",
        denominator_text=gettext_noop(
            "Referrals made after a positive screen whose first service contact fell in the period"
        ),
        numerator_text=gettext_noop(
            "The median of the days between the screen and the first service contact"
        ),
        statistic="median",
        reads=_REFERRALS,
    ),
    Measure(
        key="safety-alerts-24h",
        version=1,
        status=PUBLISHED,
        source="Nestling IMH",
        benchmark=gettext_noop("Safety"),
        title=gettext_noop("Safety alerts answered within 24 hours"),
        unit=gettext_noop("alert"),
        population="alerts_raised",
        numerator="answered_within_hours",
        denominator_text=gettext_noop("Safety alerts raised in the period"),
        numerator_text=gettext_noop(
            "A response recorded (the risk assessed and what was done) within 24 hours of the alert"
        ),
        window_hours=24,
        exclusions=("window_open",),
        reads=(
            "screening.SafetyAlert.raised_at",
            "screening.SafetyAlert.responded_at",
        ),
    ),
)

# Published versions a newer one replaced: still shipped (their pins hold), not current.
SUPERSEDED: tuple[Measure, ...] = (_PRETERM_BIRTH_1,)

BY_KEY = {measure.key: measure for measure in MEASURES}
BY_REF = {measure.ref: measure for measure in (*MEASURES, *SUPERSEDED)}


def measure(key: str) -> Measure:
    return BY_KEY[key]
