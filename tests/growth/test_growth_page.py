"""A child's growth page: recording on a tablet, the history with z-scores, the chart, and faltering growth
in plain words."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from nestling.audit.models import AuditAction, AuditEvent
from nestling.growth.models import Measurement
from tests.factories.families import ChildFactory
from tests.factories.growth import MeasurementFactory

TODAY = datetime.date.today()


def _days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def baby(world):
    return ChildFactory(
        family=world.family_a, sex="female", date_of_birth=_days_ago(120), birth_weight_grams=3300
    )


def _url(child) -> str:
    return reverse("child_growth", args=[child.uuid])


def _post(client, child, **values):
    data = {
        "kind": "weight",
        "value": "6.2",
        "measured_on": TODAY.isoformat(),
        "place": "home_scale",
        "note": "",
        "client_id": "",
    } | values
    return client.post(_url(child), data)


def test_a_practitioner_records_a_weight_and_sees_its_z_score_and_centile(world, signed_in, baby):
    client = signed_in(world.practitioner)
    response = _post(client, baby, value="6.2")
    assert response.status_code == 302
    body = client.get(_url(baby)).content.decode()
    assert "6.2 kg" in body
    row = Measurement.objects.get()
    assert row.measured_by == world.practitioner
    assert "Weight-for-age, WHO, girls" in body
    assert '<title id="chart-weight-title">' in body


def test_an_implausible_value_is_refused_and_what_was_typed_is_kept(world, signed_in, baby):
    response = _post(signed_in(world.practitioner), baby, value="62", note="scale at the clinic")
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "check the value and its units" in body
    assert 'value="62"' in body
    assert "scale at the clinic" in body
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("kind", "value", "said"),
    [
        ("weight", "-3.2", "A weight is more than 0 kg: enter it in kilograms, from 0.2 to 60"),
        ("weight", "0", "A weight is more than 0 kg: enter it in kilograms, from 0.2 to 60"),
        ("length", "-61", "A length is more than 0 cm: enter it in centimetres, from 20 to 140"),
        ("height", "-61", "A height is more than 0 cm: enter it in centimetres, from 20 to 140"),
        (
            "head_circumference",
            "-40",
            "A head circumference is more than 0 cm: enter it in centimetres, from 15",
        ),
        ("weight", "6.2345", "A weight is recorded to the gram: at most 3 decimals"),
    ],
)
def test_a_value_no_measurement_can_have_is_refused_saying_what_is_allowed(
    world, signed_in, baby, kind, value, said
):
    # When a practitioner types a negative weight (or length, or head circumference), or too many decimals
    response = _post(signed_in(world.practitioner), baby, kind=kind, value=value)
    # Then the form says what a value of that kind may be, in words, not a validator's bound
    assert response.status_code == 200
    body = response.content.decode()
    assert said in body
    assert "0.001" not in body and "greater than or equal" not in body and "decimal places" not in body
    assert not Measurement.objects.exists()


def test_a_wrong_value_and_a_wrong_date_are_said_together(world, signed_in, baby):
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    body = _post(signed_in(world.practitioner), baby, value="-3", measured_on=tomorrow).content.decode()
    assert "A weight is more than 0 kg" in body and "This date is in the future" in body


def test_a_supervisor_sees_the_growth_page_without_the_form(world, signed_in, baby):
    MeasurementFactory(child=baby, measured_by=world.practitioner, value=Decimal("6.1"))
    body = signed_in(world.supervisor).get(_url(baby)).content.decode()
    assert "6.1 kg" in body
    assert "Record a measurement" not in body


def test_opening_the_growth_page_is_audited_as_a_read(world, signed_in, baby):
    signed_in(world.manager).get(_url(baby))
    assert AuditEvent.objects.filter(
        actor_id=world.manager.pk, action=AuditAction.READ, category="growth", family_uuid=world.family_a.uuid
    ).exists()


def _queries(client, child) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(_url(child))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_growth_page_costs_the_same_queries_for_2_or_10_measurements(world, signed_in, baby):
    client = signed_in(world.practitioner)
    for days in (100, 90):
        MeasurementFactory(child=baby, measured_by=world.practitioner, measured_on=_days_ago(days), value=5)
    client.get(_url(baby))  # warm the session and the cached centile lines
    small = _queries(client, baby)
    for days in range(80, 0, -10):
        MeasurementFactory(
            child=baby, measured_by=world.colleague, measured_on=_days_ago(days), value=Decimal("5.5")
        )
    assert Measurement.objects.count() == 10
    assert _queries(client, baby) == small


def test_a_faltering_baby_shows_the_rule_that_fired_in_plain_words(world, signed_in):
    # born on about the 50th centile, now far below the 2nd at four months
    baby = ChildFactory(
        family=world.family_a, sex="male", date_of_birth=_days_ago(120), birth_weight_grams=3350
    )
    MeasurementFactory(child=baby, measured_by=world.practitioner, measured_on=TODAY, value=Decimal("4.6"))
    body = signed_in(world.practitioner).get(_url(baby)).content.decode()
    assert "Faltering growth" in body
    assert "Weight below the 2nd centile" in body
    assert "Fall across centile spaces" in body
    assert "NICE NG75" in body


def test_early_weight_loss_over_ten_percent_is_flagged(world, signed_in):
    newborn = ChildFactory(
        family=world.family_a, sex="female", date_of_birth=_days_ago(5), birth_weight_grams=3500
    )
    MeasurementFactory(child=newborn, measured_by=world.practitioner, measured_on=TODAY, value=Decimal("3.1"))
    body = signed_in(world.practitioner).get(_url(newborn)).content.decode()
    assert "Early weight loss over 10%" in body
    assert "11.4% below birth weight" in body


def test_a_thriving_baby_raises_no_flag(world, signed_in, baby):
    MeasurementFactory(child=baby, measured_by=world.practitioner, measured_on=TODAY, value=Decimal("6.2"))
    body = signed_in(world.practitioner).get(_url(baby)).content.decode()
    assert "No faltering-growth rule fires" in body
    assert "Faltering growth" not in body


def test_a_preterm_babys_points_are_shown_at_corrected_age_with_chronological_age_too(world, signed_in):
    preterm = ChildFactory(
        family=world.family_a,
        sex="female",
        date_of_birth=_days_ago(150),
        gestation_weeks=30,
        gestation_days=0,
    )
    MeasurementFactory(child=preterm, measured_by=world.practitioner, measured_on=TODAY, value=Decimal("4.9"))
    body = signed_in(world.practitioner).get(_url(preterm)).content.decode()
    assert "Corrected age" in body
    assert "(corrected 80)" in body  # 150 days old, born 70 days early
    assert "age 150 days" in body


def test_a_correction_replaces_the_row_in_the_history(world, signed_in, baby):
    from nestling.growth.services import measurement_correct

    original = MeasurementFactory(child=baby, measured_by=world.practitioner, value=Decimal("6.8"))
    measurement_correct(measurement=original, by=world.practitioner, value=Decimal("6.3"), measured_on=TODAY)
    body = signed_in(world.practitioner).get(_url(baby)).content.decode()
    # the corrected value is the row; the original is named only as what it replaced
    assert "6.3 kg" in body and body.count("6.8 kg") == 1
    assert "was 6.8 kg" in body


def test_a_practitioner_corrects_a_measurement_and_the_original_stays_in_the_history(world, signed_in, baby):
    original = MeasurementFactory(child=baby, measured_by=world.practitioner, value=Decimal("6.8"))
    client = signed_in(world.practitioner)
    url = reverse("measurement_correct", args=[baby.uuid, original.uuid])
    assert 'value="6.8"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "weight",
            "value": "6.3",
            "measured_on": TODAY.isoformat(),
            "place": "home_scale",
            "note": "misread the scale",
            "client_id": "",
        },
    )
    assert response.status_code == 302
    assert Measurement.objects.count() == 2
    original.refresh_from_db()
    assert original.value == Decimal("6.800")
    body = client.get(_url(baby)).content.decode()
    assert "was 6.8 kg" in body and "misread the scale" in body


def test_a_measurement_already_corrected_cannot_be_opened_for_correction(world, signed_in, baby):
    from nestling.growth.services import measurement_correct

    original = MeasurementFactory(child=baby, measured_by=world.practitioner, value=Decimal("6.8"))
    measurement_correct(measurement=original, by=world.practitioner, value=Decimal("6.3"), measured_on=TODAY)
    url = reverse("measurement_correct", args=[baby.uuid, original.uuid])
    assert signed_in(world.practitioner).get(url).status_code == 404


def test_a_correction_needs_a_reason(world, signed_in, baby):
    original = MeasurementFactory(child=baby, measured_by=world.practitioner, value=Decimal("6.8"))
    url = reverse("measurement_correct", args=[baby.uuid, original.uuid])
    data = {"kind": "weight", "value": "6.3", "measured_on": TODAY.isoformat(), "place": "clinic", "note": ""}
    response = signed_in(world.practitioner).post(url, data)
    assert response.status_code == 200
    assert Measurement.objects.count() == 1


def test_a_faltering_weight_raises_one_task_that_names_the_rule_and_shows_on_the_family_page(
    world, signed_in
):
    from nestling.growth.services import measurement_record
    from nestling.tasks.models import Task

    # Given a boy born on about the 50th centile
    boy = ChildFactory(
        family=world.family_a, sex="male", date_of_birth=_days_ago(120), birth_weight_grams=3350
    )
    # When his practitioner records a weight far below the 2nd centile at four months, and again a week on
    first = measurement_record(
        child=boy, by=world.practitioner, kind="weight", value=Decimal("4.6"), measured_on=_days_ago(7)
    )
    measurement_record(
        child=boy, by=world.practitioner, kind="weight", value=Decimal("4.7"), measured_on=TODAY
    )
    # Then one task is open (not one per weighing), saying which rules fired, due within a week
    task = Task.objects.get(kind="faltering_growth")
    assert task.source == first and task.family == world.family_a
    assert "Weight below the 2nd centile" in task.text and "NICE NG75" in task.text
    assert task.due_on == first.measured_on + datetime.timedelta(days=7)
    # And the family page shows it with a link to the growth chart
    body = (
        signed_in(world.practitioner)
        .get(reverse("family_detail", args=[world.family_a.uuid]))
        .content.decode()
    )
    assert "Follow-up tasks" in body and "Weight below the 2nd centile" in body
    assert _url(boy) in body


def test_a_thriving_weight_raises_no_task(world, baby):
    from nestling.growth.services import measurement_record
    from nestling.tasks.models import Task

    measurement_record(
        child=baby, by=world.practitioner, kind="weight", value=Decimal("6.2"), measured_on=TODAY
    )
    assert not Task.objects.exists()


def test_in_dutch_the_chart_writes_its_centiles_with_a_decimal_comma(world, signed_in, baby):
    # Given a weight on the chart
    MeasurementFactory(
        child=baby, measured_by=world.practitioner, measured_on=_days_ago(10), value=Decimal("6.1")
    )
    # When a Dutch reader opens the growth page
    with translation.override(None):  # put back the language the request leaves active
        body = signed_in(world.practitioner).get(_url(baby), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    # Then the outer centile lines are labelled 0,4 and 99,6
    assert ">0,4</text>" in body and ">99,6</text>" in body
    assert ">0.4</text>" not in body
