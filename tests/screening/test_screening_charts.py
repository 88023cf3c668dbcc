"""The results chart on the screening pages: a person's totals drawn against the instrument's bands, each
point a link to its result, the table kept beside it, and no extra queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.families import CaregiverFactory
from tests.factories.screening import ScreeningResultFactory

TODAY = datetime.date.today()
PHQ9_BANDS = ["minimal", "mild", "moderate", "moderately_severe", "severe"]


@pytest.fixture
def mother(world):
    return CaregiverFactory(family=world.family_a, given_name="Rowan", family_name="Ash")


def _result(world, person, instrument="phq-9", total=9, band="mild", days_ago=0, **fields):
    fields.setdefault("administered_on", TODAY - datetime.timedelta(days=days_ago))
    return ScreeningResultFactory(
        family=world.family_a,
        caregiver=person,
        administered_by=world.practitioner,
        instrument=instrument,
        definition=f"{instrument}@1",
        total=total,
        band=band,
        flags=[],
        **fields,
    )


def _phq9_history(world, person):
    return [
        _result(world, person, total=17, band="moderately_severe", days_ago=120),
        _result(world, person, total=12, band="moderate", positive=True, days_ago=60),
        _result(world, person, total=6, band="mild", days_ago=1),
    ]


def _charts(html: str) -> list[str]:
    return re.findall(r'<figure class="screening-chart".*?</figure>', html, re.S)


def test_the_result_page_draws_the_persons_phq9_totals_against_the_five_bands(world, signed_in, mother):
    # Given three PHQ-9s and a GAD-7 for Rowan
    oldest, middle, latest = _phq9_history(world, mother)
    gad7 = _result(world, mother, instrument="gad-7", total=3, band="minimal", days_ago=2)
    # When the practitioner opens the latest PHQ-9
    url = reverse("screening_result", args=[world.family_a.uuid, latest.uuid])
    html = signed_in(world.practitioner).get(url).content.decode()
    # Then one chart, of the PHQ-9 only, names Rowan, the count, the latest total and band
    (chart,) = _charts(html)
    assert 'role="img"' in chart
    assert re.findall(r'data-band="([a-z_]+)"', chart) == PHQ9_BANDS
    assert "Patient Health Questionnaire-9 (PHQ-9): Rowan Ash</title>" in chart
    assert "3 results of Rowan Ash" in chart
    assert "Latest total 6" in chart and "Mild" in chart
    # And the bands are named in words, with the cut-off
    for words in ("0–4", "None-minimal", "15–19", "Moderately severe", "20–27", "Severe", "10 or more"):
        assert words in chart
    # And every point is a link to its result, the page's own marked as current
    for result in (oldest, middle, latest):
        assert reverse("screening_result", args=[world.family_a.uuid, result.uuid]) in chart
    assert chart.count('aria-current="page"') == 1
    assert str(gad7.uuid) not in chart
    # And the history table still lists every instrument
    assert reverse("screening_result", args=[world.family_a.uuid, gad7.uuid]) in html
    assert "<td>GAD-7</td>" in html


def test_a_positivity_banded_screen_has_no_chart_only_the_table(world, signed_in, mother):
    whooley = _result(world, mother, instrument="whooley", total=1, band="positive", positive=True)

    url = reverse("screening_result", args=[world.family_a.uuid, whooley.uuid])
    html = signed_in(world.practitioner).get(url).content.decode()

    assert _charts(html) == []
    assert "<td>Whooley</td>" in html


def test_the_family_page_draws_one_chart_per_instrument_and_person(world, signed_in, mother):
    # Given Rowan with three PHQ-9s, an EPDS and a Whooley, and a second carer with one GAD-7
    _phq9_history(world, mother)
    _result(world, mother, instrument="epds", total=11, band="possible", positive=True, days_ago=30)
    _result(world, mother, instrument="whooley", total=0, band="negative", days_ago=30)
    partner = CaregiverFactory(family=world.family_a, given_name="Sam", family_name="Birch")
    _result(world, partner, instrument="gad-7", total=11, band="moderate", days_ago=5)
    # When the supervisor opens the family's screening page
    html = signed_in(world.supervisor).get(reverse("family_screening", args=[world.family_a.uuid])).content
    html = html.decode()
    # Then Rowan has a PHQ-9 chart and an EPDS chart (newest given first), Sam a GAD-7 chart
    titles = re.findall(r'<title id="[^"]+-title">([^<]+)</title>', html)
    assert titles == [
        "Patient Health Questionnaire-9 (PHQ-9): Rowan Ash",
        "Edinburgh Postnatal Depression Scale (EPDS): Rowan Ash",
        "Generalized Anxiety Disorder-7 (GAD-7): Sam Birch",
    ]
    # And the tables stay: open for Rowan, whose Whooley is on no chart; folded for Sam
    details = re.findall(r'<details class="screening-history"( open)?>', html)
    assert details == [" open", ""]
    assert "<td>Whooley</td>" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_result_page_costs_the_same_queries_for_2_or_12_results_on_its_chart(world, signed_in, mother):
    client = signed_in(world.practitioner)
    latest = _result(world, mother, total=4, band="minimal")
    _result(world, mother, total=14, band="moderate", days_ago=30)
    url = reverse("screening_result", args=[world.family_a.uuid, latest.uuid])
    client.get(url)
    small = _queries(client, url)
    for n in range(10):
        _result(world, mother, total=n * 2, band="mild", days_ago=40 + n * 30)

    html = client.get(url).content.decode()
    assert "12 results of Rowan Ash" in html
    assert _queries(client, url) == small


def test_the_family_page_costs_the_same_queries_with_charts_for_one_or_three_people(world, signed_in, mother):
    client = signed_in(world.practitioner)
    url = reverse("family_screening", args=[world.family_a.uuid])
    _result(world, mother, total=4, band="minimal")
    others = [CaregiverFactory(family=world.family_a) for _ in range(2)]
    client.get(url)
    small = _queries(client, url)
    for person in (mother, *others):
        for n in range(3):
            _result(world, person, instrument="gad-7", total=n * 5, band="mild", days_ago=10 + n * 30)

    assert len(_charts(client.get(url).content.decode())) == 4
    assert _queries(client, url) == small


@pytest.mark.parametrize("mistyped", [datetime.date(26, 11, 20), datetime.date(1926, 11, 20)])
def test_a_result_with_a_mistyped_year_is_listed_but_not_drawn_and_the_chart_says_so(
    world, signed_in, mother, mistyped
):
    # Given two PHQ-9s of Rowan, one stored with a mistyped year
    odd = _result(world, mother, total=12, band="moderate", administered_on=mistyped)
    latest = _result(world, mother, total=6, band="mild", days_ago=1)
    client = signed_in(world.practitioner)
    for url in (
        reverse("screening_result", args=[world.family_a.uuid, latest.uuid]),
        reverse("screening_result", args=[world.family_a.uuid, odd.uuid]),
        reverse("family_screening", args=[world.family_a.uuid]),
    ):
        # When the practitioner opens a page with the chart
        response = client.get(url)
        # Then it opens, the chart draws the latest result only and says why the other is missing
        assert response.status_code == 200, url
        html = response.content.decode()
        (chart,) = _charts(html)
        assert "1 result of Rowan Ash" in chart
        assert "Not on the chart" in chart and "check its date" in chart
        assert reverse("screening_result", args=[world.family_a.uuid, odd.uuid]) not in chart
        # And the table still lists it
        assert reverse("screening_result", args=[world.family_a.uuid, odd.uuid]) in html
