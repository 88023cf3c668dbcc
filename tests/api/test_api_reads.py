"""Reads through the API: a sensitive category hides its records unless the reader holds a grant (and
showing one is audited under it), and list pages cost the same whatever the number of rows."""

from __future__ import annotations

from nestling.audit.models import AuditEvent
from tests.factories import families as make
from tests.factories.growth import MeasurementFactory
from tests.factories.screening import ScreeningResultFactory


def _alcohol_screen(family, caregiver, by):
    return ScreeningResultFactory(
        family=family,
        caregiver=caregiver,
        administered_by=by,
        instrument="audit-c",
        definition="audit-c@1",
        answers=[0, 0, 0],
        total=0,
        band="negative",
        flags=[],
        context={"sex": "female"},
    )


def test_a_result_of_a_sensitive_category_shows_only_with_a_grant_and_is_audited_under_it(
    client, world, as_practitioner, grant
):
    # Given a depression screen and an alcohol screen (substance use) of the same caregiver
    caregiver = make.CaregiverFactory(family=world.family_a)
    ScreeningResultFactory(family=world.family_a, caregiver=caregiver, administered_by=world.practitioner)
    alcohol = _alcohol_screen(world.family_a, caregiver, world.practitioner)
    url = f"/api/v1/families/{world.family_a.uuid}/screening-results"
    # Then without a grant only the depression screen is listed, and the other one is not there
    listed = client.get(url, **as_practitioner).json()
    assert [r["instrument"] for r in listed["items"]] == ["phq-9"]
    assert client.get(f"{url}/{alcohol.uuid}", **as_practitioner).status_code == 404
    # And with a grant both are, the showing of the alcohol screen audited under its category
    grant(world.practitioner, "substance_use")
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    listed = client.get(url, **as_practitioner).json()
    assert sorted(r["instrument"] for r in listed["items"]) == ["audit-c", "phq-9"]
    categories = set(AuditEvent.objects.filter(pk__gt=last).values_list("category", flat=True))
    assert "substance_use" in categories


def test_pages_of_a_list_do_not_overlap_and_say_how_many_there_are(client, world, as_practitioner):
    child = make.ChildFactory(family=world.family_a)
    for day in range(1, 6):
        MeasurementFactory(child=child, measured_by=world.practitioner, measured_on=f"2026-0{day}-01")
    url = f"/api/v1/families/{world.family_a.uuid}/children/{child.uuid}/measurements"
    first = client.get(url + "?page_size=2", **as_practitioner).json()
    second = client.get(url + "?page_size=2&page=2", **as_practitioner).json()
    assert (first["count"], first["pages"]) == (5, 3)
    seen = [m["uuid"] for m in first["items"] + second["items"]]
    assert len(set(seen)) == 4
    assert client.get(url + "?page_size=0", **as_practitioner).status_code == 422


def test_the_screening_list_costs_the_same_with_more_results(
    client, world, as_practitioner, django_assert_max_num_queries
):
    caregiver = make.CaregiverFactory(family=world.family_a)
    url = f"/api/v1/families/{world.family_a.uuid}/screening-results"
    ScreeningResultFactory(family=world.family_a, caregiver=caregiver, administered_by=world.practitioner)
    client.get(url, **as_practitioner)
    with django_assert_max_num_queries(30) as few:
        client.get(url, **as_practitioner)
    for _n in range(5):
        ScreeningResultFactory(family=world.family_a, caregiver=caregiver, administered_by=world.practitioner)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url, **as_practitioner).json()["count"] == 6
