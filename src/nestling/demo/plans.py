"""A care plan for one demo family, made through the same services a practitioner uses, so its review
tasks, versions and history are exactly what the product would make: goals for the mother, the child and
their relationship, each motivated by something in the record (a screen, a risk factor, an observation),
with services planned and progress rated about monthly; one goal met and closed, one reworded, and the
plan reviewed after three months. Invented words; a fixed handful of rows, so the bulk demo stays fast."""

from __future__ import annotations

from datetime import date, timedelta

from nestling.access.policy import Action, can
from nestling.accounts.models import User
from nestling.families.models import Family, ObservationKind, Relationship, RiskFactor
from nestling.families.services.people import relationship_observe
from nestling.plans.models import CarePlan, Goal, GoalStatus, ServiceType
from nestling.plans.services.goals import goal_close, goal_create, goal_progress_record, goal_update
from nestling.plans.services.plan import care_plan_create, open_episode, plan_review_record
from nestling.screening.models import ScreeningResult

PLAN_DAYS = 150  # how long ago the plan started, at most (never before the episode)
EARLIEST_EPISODE_DAYS = 120  # a family enrolled more recently has too short a plan to show


def _service(code: str) -> ServiceType:
    return ServiceType.objects.get(organization__isnull=True, code=code)


def _start(family: Family, today: date) -> date | None:
    """When the family's plan starts: a week into its open episode, at most PLAN_DAYS ago; None when the
    episode is too recent to show a plan over months."""
    episode = open_episode(family)
    if episode is None or episode.enrolled_on > today - timedelta(days=EARLIEST_EPISODE_DAYS):
        return None
    return max(episode.enrolled_on + timedelta(days=7), today - timedelta(days=PLAN_DAYS))


def _chosen(
    families: list[Family], practitioner: User, today: date
) -> tuple[Family, Relationship, date] | None:
    """The first family the practitioner carries, enrolled long enough ago, with a child born before the
    plan starts (and the child's pair)."""
    for family in families:
        start = _start(family, today)
        if start is None or not can(practitioner, Action.FAMILY_EDIT, family):
            continue
        pair = (
            Relationship.objects.filter(family=family, child__date_of_birth__lte=start)
            .select_related("caregiver", "child", "family")
            .order_by("-is_primary", "pk")
            .first()
        )
        if pair is not None:
            return family, pair, start
    return None


def _rate(
    goal: Goal, practitioner: User, start: date, today: date, levels: list[int], notes: list[str]
) -> None:
    """Ratings about a month apart from two weeks into the plan, up to today."""
    for month, (level, note) in enumerate(zip(levels, notes, strict=True)):
        on = start + timedelta(days=14 + 30 * month)
        if on > today:
            return
        goal_progress_record(goal=goal, by=practitioner, rated_on=on, rating=level, note=note)


def add_care_plan(*, families: list[Family], practitioner: User, today: date) -> CarePlan | None:
    """Make the plan for the first family that fits (see `_chosen`); None when none does."""
    chosen = _chosen(families, practitioner, today)
    if chosen is None:
        return None
    family, pair, start = chosen
    mother, child = pair.caregiver, pair.child
    plan = care_plan_create(
        family=family,
        by=practitioner,
        started_on=start,
        review_on=start + timedelta(days=90),
        summary=(
            f"{mother.given_name} wants to feel like herself again, and for {child.given_name or 'the baby'} "
            "to grow up knowing they are loved. She would like evenings to be calmer at home."
        ),
    )
    observation = relationship_observe(
        relationship=pair,
        by=practitioner,
        observed_on=start,
        kind=ObservationKind.CONCERN,
        text=(
            f"During play {mother.given_name} watched from the sofa and looked away when "
            f"{child.given_name or 'the baby'} brought a toy; she said she did not know how to play."
        ),
    )
    screen = (
        ScreeningResult.objects.filter(family=family, subject_id=mother.uuid, positive=True)
        .order_by("-administered_on")
        .first()
    )
    factor = RiskFactor.objects.filter(family=family, sensitive_category="").order_by("pk").first()
    rest = goal_create(
        plan=plan,
        by=practitioner,
        about=mother,
        statement=f"{mother.given_name} feels less low and less alone in the evenings",
        progress_looks_like="She names one thing that went well each day, and has someone to call.",
        caregiver_wording="Feel more like me again",
        review_on=start + timedelta(days=90),
        responsible=practitioner,
        responsible_note=f"{mother.given_name}, with her sister",
        motivation=screen,
        motivation_note="" if screen is not None else "She said the evenings feel long and lonely.",
        services=[(_service("emotional_support"), "every visit"), (_service("case_management"), "monthly")],
    )
    play = goal_create(
        plan=plan,
        by=practitioner,
        about=pair,
        statement="Floor time together most days, following the child's lead",
        progress_looks_like="She joins the play on the floor, waits, and names what the child shows her.",
        caregiver_wording="Play together without my phone",
        review_on=start + timedelta(days=90),
        responsible=practitioner,
        motivation=observation,
        services=[(_service("interaction_guidance"), "every week"), (_service("developmental_guidance"), "")],
    )
    grow = goal_create(
        plan=plan,
        by=practitioner,
        about=child,
        statement=f"{child.given_name or 'The baby'} explores and moves with confidence",
        progress_looks_like="Reaches, rolls and pulls up in play; the pediatrician is pleased.",
        review_on=start + timedelta(days=120),
        responsible=None,
        responsible_note="The family and the pediatrician",
        motivation=factor,
        motivation_note="" if factor is not None else "Her parents asked how to help her move more.",
        services=[(_service("developmental_guidance"), "every visit")],
    )
    food = goal_create(
        plan=plan,
        by=practitioner,
        about=mother,
        statement="The family has enough food each week",
        progress_looks_like="Signed up for WIC and knows the nearest food pantry.",
        review_on=start + timedelta(days=60),
        responsible=practitioner,
        motivation_note="Worried about food running out at the end of the month.",
        services=[(_service("advocacy"), "as needed")],
    )
    _rate(rest, practitioner, start, today, [1, 2, 2, 3, 3], [
        "Low most evenings; agreed to call her sister on Sundays.",
        "Two good days this week; GP appointment booked.",
        "A hard week after the move; kept the calls going.",
        "Says she feels lighter; started a walking group.",
        "Evenings calmer; naming good moments without prompting.",
    ])  # fmt: skip
    _rate(play, practitioner, start, today, [1, 2, 3, 4, 4], [
        "Watched from the sofa; joined for a minute when invited.",
        "Sat on the floor for the bath-toy game; both laughed.",
        "Waited for the child to choose the toy twice.",
        "Followed the lead for most of the play; named feelings.",
        "Floor time most days, she says; we saw it on the visit.",
    ])  # fmt: skip
    _rate(grow, practitioner, start, today, [2, 2, 3, 3, 4], [
        "Rolls one way; little tummy time.",
        "Tummy time after baths.",
        "Reaching across the mat for the rattle.",
        "Pulls to sit; the pediatrician pleased at the check.",
        "Cruising along the sofa.",
    ])  # fmt: skip
    _rate(
        food,
        practitioner,
        start,
        today,
        [2, 5],
        ["Application for WIC sent.", "WIC started; pantry visited."],
    )
    if start + timedelta(days=45) <= today:
        goal_close(
            goal=food,
            by=practitioner,
            version=food.version,
            status=GoalStatus.MET,
            closed_on=start + timedelta(days=45),
        )
    # The relationship goal said more plainly once the family had read it back.
    goal_update(
        goal=play,
        by=practitioner,
        version=play.version,
        statement="Floor time together most days, with the child leading the play",
    )
    reviewed_on = start + timedelta(days=90)
    if reviewed_on <= today:
        plan.refresh_from_db()
        plan_review_record(
            plan=plan,
            by=practitioner,
            version=plan.version,
            reviewed_on=reviewed_on,
            note=(
                "Reviewed with the family at home. Food goal met. Play and mood improving; keep weekly "
                "interaction guidance. Review again in three months."
            ),
            next_review_on=reviewed_on + timedelta(days=90),
        )
    return plan
