"""The demo has a discharged family and a re-enrolled one, made as a practitioner would make them."""

from __future__ import annotations

from django.core.management import call_command

from nestling.accounts.models import User
from nestling.families.models import DischargeItem, Enrollment, Family
from nestling.families.selectors import caseload_list
from nestling.screening.attention import caseload_attention


def test_the_demo_has_a_discharged_family_and_a_re_enrolled_one(db, capsys):
    call_command("demo")
    pat = User.objects.get(email="practitioner@demo.nestling.test")
    # A family discharged with its goals met: off Pat's active caseload, found under "Discharged"
    discharged = list(caseload_list(user=pat, discharged=True))
    assert len(discharged) == 1
    episode = Enrollment.objects.get(family=discharged[0])
    assert episode.discharge_reason == "goals_met" and episode.discharge_note
    # Its open follow-up was closed at discharge, and what was decided is kept
    closed = DischargeItem.objects.filter(enrollment=episode, closed=True)
    assert closed.filter(kind="tasks").exists()
    assert discharged[0].tasks.get().outcome == "family_discharged"
    assert caseload_attention(families=discharged, on=episode.discharged_on)[discharged[0].pk].due == []
    # And a family enrolled again after losing contact: its new episode points at the old one
    again = Enrollment.objects.get(previous__isnull=False)
    assert again.previous.discharge_reason == "lost_contact" and again.is_open
    assert again.family in set(caseload_list(user=pat))
    assert Family.objects.filter(enrollments__discharged_on__isnull=False).distinct().count() == 2
