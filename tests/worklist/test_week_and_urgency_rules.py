"""The worklist's and the week's time rules, as plain Python: week boundaries, clashes, the day's grace
for a visit's note, urgency and the order of households."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from nestling.worklist.items import FamilyGroup, Sort, Urgency, WorkItem, sort_groups, urgency_by_date
from nestling.worklist.week import Slot, clashing, late_to_document, week_days, week_range, week_start

WEDNESDAY = date(2026, 3, 4)


def test_a_week_runs_from_monday_to_sunday():
    days = week_days(WEDNESDAY)
    assert days[0] == date(2026, 3, 2) and days[0].weekday() == 0
    assert days[-1] == date(2026, 3, 8) and days[-1].weekday() == 6
    assert len(days) == 7


def test_sunday_belongs_to_the_week_before_and_monday_starts_a_new_one():
    assert week_start(date(2026, 3, 8)) == date(2026, 3, 2)
    assert week_start(date(2026, 3, 9)) == date(2026, 3, 9)
    assert week_start(date(2026, 3, 1)) == date(2026, 2, 23)


def test_a_week_across_the_new_year_keeps_its_days():
    assert week_days(date(2027, 1, 1)) == [date(2026, 12, 28) + timedelta(days=n) for n in range(7)]


def test_the_week_picker_stays_within_ten_years():
    first, last = week_range(WEDNESDAY)
    assert first.year == 2016 and last.year == 2036


def _slot(key: str, hour: int, minute: int, minutes: int, day: date = WEDNESDAY) -> Slot:
    return Slot(key, day, time(hour, minute), minutes)


def test_overlapping_visits_clash_and_back_to_back_visits_do_not():
    slots = [
        _slot("a", 9, 0, 60),
        _slot("b", 10, 0, 60),  # starts as a ends: no clash
        _slot("c", 10, 30, 30),  # inside b
        _slot("d", 14, 0, 45),
    ]
    assert clashing(slots) == {"b", "c"}


def test_a_long_visit_clashes_with_each_one_inside_it():
    slots = [_slot("long", 9, 0, 240), _slot("x", 10, 0, 30), _slot("y", 11, 0, 30), _slot("z", 13, 0, 30)]
    assert clashing(slots) == {"long", "x", "y"}


def test_visits_on_different_days_never_clash():
    assert clashing([_slot("a", 9, 0, 60), _slot("b", 9, 0, 60, WEDNESDAY + timedelta(days=1))]) == set()


def test_a_visit_is_late_to_document_only_after_a_whole_day():
    visit = _slot("v", 10, 0, 60)  # ends at 11:00
    ended = datetime.combine(WEDNESDAY, time(11, 0))
    assert not late_to_document(visit, ended + timedelta(hours=23, minutes=59))
    assert not late_to_document(visit, ended + timedelta(days=1))
    assert late_to_document(visit, ended + timedelta(days=1, minutes=1))


def test_urgency_by_date():
    assert urgency_by_date(WEDNESDAY - timedelta(days=1), WEDNESDAY) == Urgency.OVERDUE
    assert urgency_by_date(WEDNESDAY, WEDNESDAY) == Urgency.DUE_SOON
    assert urgency_by_date(WEDNESDAY + timedelta(days=14), WEDNESDAY) == Urgency.DUE_SOON
    assert urgency_by_date(WEDNESDAY + timedelta(days=15), WEDNESDAY) == Urgency.LATER


def _item(urgency: Urgency, days: int) -> WorkItem:
    return WorkItem("task", urgency, WEDNESDAY + timedelta(days=days), "Label", "Text", "", "", "/", "Do it")


def _groups() -> list[FamilyGroup]:
    return [
        FamilyGroup("f1", "Alder household", [_item(Urgency.DUE_SOON, 2)]),
        FamilyGroup("f2", "Birch household", [_item(Urgency.ALERT, -5), _item(Urgency.LATER, 30)]),
        FamilyGroup("f3", "Cedar household", [_item(Urgency.DUE_SOON, 1), _item(Urgency.OVERDUE, -3)]),
        FamilyGroup("f4", "Dogwood household", [_item(Urgency.OVERDUE, -10)]),
    ]


def test_most_urgent_first_puts_overdue_then_alerts_then_due_soon():
    ordered = sort_groups(_groups(), Sort.URGENCY)
    # Both overdue households first, the one overdue longest before the other; then the alert; then due soon.
    assert [g.family for g in ordered] == ["f4", "f3", "f2", "f1"]
    # And within a household the most urgent item leads.
    cedar = ordered[1]
    assert [i.urgency for i in cedar.items] == [Urgency.OVERDUE, Urgency.DUE_SOON]


def test_longest_waiting_first_and_by_name_are_other_orders():
    # The alert raised five days ago waits longer than the screen three days overdue.
    assert [g.family for g in sort_groups(_groups(), Sort.DUE)] == ["f4", "f2", "f3", "f1"]
    assert [g.family for g in sort_groups(_groups(), Sort.FAMILY)] == ["f1", "f2", "f3", "f4"]
