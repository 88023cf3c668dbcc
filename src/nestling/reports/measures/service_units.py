"""The units of the measures read from what practitioners did about a need: referrals after a positive
screen, safety alerts answered, reflective supervision received. Pure Python, no Django; the engine
calls these for their populations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from nestling.families.age import add_months
from nestling.reports.measures.definitions import Measure
from nestling.reports.measures.facts import Facts
from nestling.reports.measures.unit import Unit


def referrals_after_positive_screen(
    measure: Measure, facts: Facts, first: date, last: date
) -> Iterable[Unit]:
    """Each referral answering the measure's need, for its kind of subject, made after a positive screen:
    counted in the period it was made, met by a first service contact (within the kind of service's
    window, when the measure has one). A window still running with no contact yet is left out until
    it closes."""
    domains = frozenset(measure.referral_domains)
    windows = dict(measure.service_windows)
    for referral in facts.referrals:
        if (
            referral.screened_on is None
            or referral.domain not in domains
            or referral.subject_kind != measure.subject_kind
            or not first <= referral.referred_on <= last
        ):
            continue
        window = windows.get(referral.service_kind, measure.window_days)
        closes = referral.referred_on + timedelta(days=window) if window else None
        contact = referral.contact_on
        met = contact is not None and (closes is None or contact <= closes)
        running = contact is None and closes is not None and closes > facts.today
        yield Unit(
            ("referral", referral.id),
            referral.family_id,
            referral.referred_on,
            met,
            "window_open" if running else "",
            met_on=contact if met else None,
            category=referral.category,
        )


def positive_screens_referred(measure: Measure, facts: Facts, first: date, last: date) -> Iterable[Unit]:
    """Each positive screen of the measure's tools, for its kind of subject, counted on its day; met by a
    referral answering the need made for the family on that day or after."""
    wanted = frozenset(measure.instruments)
    domains = frozenset(measure.referral_domains)
    referred: dict[int, list[date]] = defaultdict(list)
    for referral in facts.referrals:
        if referral.domain in domains:
            referred[referral.family_id].append(referral.referred_on)
    for screen in facts.screens:
        if (
            not screen.positive
            or screen.instrument not in wanted
            or screen.subject_kind != measure.subject_kind
            or not first <= screen.on <= last
        ):
            continue
        after = [day for day in referred.get(screen.family_id, ()) if day >= screen.on]
        met_on = min(after) if after else None
        yield Unit(
            ("screen", screen.id, screen.family_id, screen.on),
            screen.family_id,
            screen.on,
            met_on is not None,
            met_on=met_on,
            category=measure.sensitive_category,
        )


def referrals_first_contact(facts: Facts, first: date, last: date) -> Iterable[Unit]:
    """Each referral made after a positive screen whose first service contact fell in the period, with
    the days from the screen to that contact."""
    for referral in facts.referrals:
        contact, screened = referral.contact_on, referral.screened_on
        if contact is None or screened is None or not first <= contact <= last:
            continue
        yield Unit(
            ("referral", referral.id),
            referral.family_id,
            contact,
            True,
            value=float((contact - screened).days),
            category=referral.category,
        )


def alerts_raised(measure: Measure, facts: Facts, first: date, last: date) -> Iterable[Unit]:
    """Each safety alert, counted on the day it was raised; met when answered within the window (the
    window's last minute included). One still unanswered inside its window is left out until then."""
    window = timedelta(hours=measure.window_hours)
    for alert in facts.alerts:
        if not first <= alert.raised_on <= last:
            continue
        answered = alert.responded_at is not None and alert.responded_at - alert.raised_at <= window
        if alert.responded_at is not None:
            running = False
        elif facts.now is not None:
            running = facts.now < alert.raised_at + window
        else:
            running = alert.raised_on + window > facts.today  # read without a clock: by the day
        yield Unit(
            ("alert", alert.id), alert.family_id, alert.raised_on, answered, "window_open" if running else ""
        )


def practitioner_months(measure: Measure, facts: Facts, first: date, last: date) -> Iterable[Unit]:
    """Each practitioner carrying a family of the scope during a month, counted on the month's last day,
    with the hours of RS/C they received that month; met at the measure's minutes. A month not over yet
    is left out."""
    spans = _merged_spans(facts)
    if not spans:
        return
    minutes: dict[tuple[int, date], int] = defaultdict(int)
    for session in facts.rsc:
        minutes[(session.person_id, session.held_on.replace(day=1))] += session.minutes
    earliest = min(start for person in spans.values() for start, _ in person)
    month = max(first, earliest).replace(day=1)
    this_month = facts.today.replace(day=1)
    while month <= this_month:
        month_end = add_months(month, 1) - timedelta(days=1)
        if month_end > last:
            break
        if month_end >= first:
            open_month = "window_open" if month_end > facts.today else ""
            for person, person_spans in spans.items():
                if not any(
                    start <= month_end and (end is None or end >= month) for start, end in person_spans
                ):
                    continue
                received = minutes.get((person, month), 0)
                yield Unit(
                    ("practitioner", person, f"{month:%Y-%m}"),
                    0,
                    month_end,
                    received >= measure.min_minutes,
                    open_month,
                    value=received / 60,
                )
        month = add_months(month, 1)


def _merged_spans(facts: Facts) -> dict[int, list[tuple[date, date | None]]]:
    """Each practitioner's caseload spans merged where they touch or overlap (a practitioner carries a
    family each of many days: a few spans, not one per family)."""
    by_person: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for caseload in facts.caseloads:
        by_person[caseload.practitioner_id].append((caseload.starts_on, caseload.ends_on or date.max))
    merged: dict[int, list[tuple[date, date | None]]] = {}
    for person, spans in by_person.items():
        spans.sort()
        joined: list[list[date]] = []
        for start, end in spans:
            if joined and (joined[-1][1] == date.max or start <= joined[-1][1] + timedelta(days=1)):
                joined[-1][1] = max(joined[-1][1], end)
            else:
                joined.append([start, end])
        merged[person] = [(start, None if end == date.max else end) for start, end in joined]
    return merged
