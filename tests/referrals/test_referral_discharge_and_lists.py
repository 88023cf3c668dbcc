"""A discharge asks about each open referral: closing one closes it as it stands (with its task); keeping
one keeps both. The directory's list reads in a fixed number of queries."""

from __future__ import annotations

import datetime

from django.urls import reverse

from nestling.families.models import subject_of
from nestling.families.services.discharge import Decision
from nestling.referrals.models import Referral
from nestling.referrals.services.directory import local_service_create
from nestling.referrals.services.referrals import ReferralDraft, referral_create
from nestling.referrals.task_kinds import REFERRAL_FOLLOW_UP
from nestling.tasks.models import Task
from tests.discharge.conftest import discharge, keep_all, open_family

TODAY = datetime.date.today()


def _referral(world, subject) -> Referral:
    service = local_service_create(
        by=world.manager, kind="housing", name="Synthetic housing desk", phone="555"
    )
    return referral_create(
        family=subject.family,
        by=world.practitioner,
        send=True,
        draft=ReferralDraft(
            subject=subject_of(subject.mother),
            reason="The lease ends soon",
            referred_on=TODAY,
            expected_by=TODAY + datetime.timedelta(days=10),
            service=service,
            domain="basic_needs",
        ),
    )


def test_a_discharge_closes_the_referrals_chosen_with_their_tasks(world):
    subject = open_family(world.family_a, world.practitioner)
    referral = _referral(world, subject)
    decisions = keep_all(subject) | {
        f"referral:{referral.uuid}": Decision(close=True, reason="Family moved away")
    }
    task_decisions = {
        f"task:{t.uuid}": Decision(close=False) for t in Task.objects.filter(kind=REFERRAL_FOLLOW_UP)
    }

    discharge(subject, world.practitioner, decisions=decisions | task_decisions)

    referral.refresh_from_db()
    assert referral.closed_on == TODAY and "Family moved away" in referral.closing_note
    assert not Task.objects.get(kind=REFERRAL_FOLLOW_UP).is_open


def test_a_discharge_keeps_the_referrals_kept(world):
    subject = open_family(world.family_a, world.practitioner)
    referral = _referral(world, subject)
    task_decisions = {
        f"task:{t.uuid}": Decision(close=False) for t in Task.objects.filter(kind=REFERRAL_FOLLOW_UP)
    }
    discharge(
        subject,
        world.practitioner,
        decisions=keep_all(subject) | task_decisions | {f"referral:{referral.uuid}": Decision(close=False)},
    )
    referral.refresh_from_db()
    assert referral.closed_on is None and Task.objects.get(kind=REFERRAL_FOLLOW_UP).is_open


def test_the_directory_lists_in_constant_queries_and_filters_by_kind(
    world, client, django_assert_max_num_queries
):
    client.force_login(world.practitioner)
    url = reverse("referral_directory")
    local_service_create(by=world.manager, kind="food", name="Synthetic pantry", phone="555")
    client.get(url)
    with django_assert_max_num_queries(50) as one:
        client.get(url)
    for n in range(4):
        local_service_create(by=world.manager, kind="housing", name=f"Synthetic desk {n}", phone="555")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url + "?kind=food").content.decode()
    assert "Synthetic pantry" in page and "Synthetic desk" not in page
