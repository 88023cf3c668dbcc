"""The demo's reflective workforce: a year of RS/C and training, Noor near endorsement and qualified,
Pat's qualification lapsed."""

from __future__ import annotations

import datetime

from nestling.accounts.models import User
from nestling.demo.builder import demo_build
from nestling.workforce.models import RscSession, RscStatus, TrainingRecord
from nestling.workforce.selectors.qualification import qualifications
from nestling.workforce.selectors.readiness import readiness_of


def test_the_demo_has_a_year_of_supervision_one_near_endorsement_and_one_lapsed(db):
    demo_build()
    pat = User.objects.get(first_name="Pat", last_name="Ramirez")
    noor = User.objects.get(first_name="Noor", last_name="Haddad")
    held = RscSession.objects.filter(status=RscStatus.HELD).order_by("held_on")
    assert (datetime.date.today() - held.first().held_on).days >= 330
    assert RscSession.objects.filter(status=RscStatus.CANCELLED).exclude(cancel_reason="").exists()
    assert RscSession.objects.filter(status=RscStatus.SCHEDULED).exists()
    assert TrainingRecord.objects.filter(person__in=[pat, noor], specialized_imh=True).count() >= 3
    # Noor: qualified, and a few hours short of Infant Mental Health Specialist
    found = qualifications(people=[pat, noor])
    assert found[noor.pk].qualified and not found[pat.pk].qualified and found[pat.pk].lapsed
    imhs = next(p for p in readiness_of(actor=noor, person=noor).earn if p.rule.credential == "imhs")
    assert not imhs.ready and 0 < imhs.rsc_short <= 10 and imhs.training_short == 0
