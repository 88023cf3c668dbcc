"""Where a sensitive record is hidden, the page says so: how many, in which category, why, and who gives
grants — never what the record says. A grant shows it at once."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from nestling.access.grants import sensitive_grant_give
from nestling.access.hidden import LeftOut, left_out
from tests.factories.families import RiskFactorFactory

SECRET = "Synthetic trauma history detail"


def test_left_out_counts_by_category_and_is_its_number():
    class Record:
        def __init__(self, category: str) -> None:
            self.sensitive_category = category

    records = [Record("trauma_history"), Record("trauma_history"), Record("substance_use"), Record("")]

    hidden = left_out(records, frozenset({"substance_use"}))

    assert hidden == 2 and bool(hidden)
    assert [(c.code, c.count) for c in hidden.categories] == [("trauma_history", 2)]
    assert not LeftOut()


def test_the_family_page_names_the_hidden_category_and_who_grants_it(world, signed_in):
    RiskFactorFactory(family=world.family_a, sensitive_category="trauma_history", description=SECRET)

    page = (
        signed_in(world.practitioner)
        .get(reverse("family_detail", args=[world.family_a.uuid]))
        .content.decode()
    )

    assert 'data-testid="left-out"' in page
    assert "Trauma history (1 record)" in page
    assert world.privacy.display_name in page
    assert SECRET not in page


def test_a_grant_shows_the_factor_at_once_and_the_notice_goes(world, signed_in):
    RiskFactorFactory(family=world.family_a, sensitive_category="trauma_history", description=SECRET)
    client = signed_in(world.practitioner)

    sensitive_grant_give(
        by=world.privacy,
        person=world.practitioner,
        category="trauma_history",
        reason="Carries the family's trauma-focused work",
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    page = client.get(reverse("family_detail", args=[world.family_a.uuid])).content.decode()

    assert SECRET in page
    assert "Trauma history (1 record)" not in page


def test_the_history_names_the_hidden_category(world, signed_in):
    RiskFactorFactory(family=world.family_a, sensitive_category="substance_use", description=SECRET)

    page = (
        signed_in(world.practitioner)
        .get(reverse("family_timeline", args=[world.family_a.uuid]))
        .content.decode()
    )

    assert "Substance use (1 record)" in page
    assert SECRET not in page
