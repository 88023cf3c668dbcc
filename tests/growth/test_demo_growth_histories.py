"""The demo's growth histories: plausible values, one preterm baby on corrected age, one faltering baby."""

from __future__ import annotations

from django.urls import reverse

from nestling.demo.builder import demo_build
from nestling.families.models import Child
from nestling.growth.models import Measurement
from nestling.growth.services import measurement_errors


def _page(client, name: str) -> str:
    child = Child.objects.get(given_name=name)
    return client.get(reverse("child_growth", args=[child.uuid])).content.decode()


def test_every_demo_measurement_passes_the_checks_a_practitioner_would_meet(db):
    demo_build(families=24)
    rows = Measurement.objects.select_related("child__organization")
    assert rows.count() > 15
    for row in rows:
        errors = measurement_errors(
            child=row.child, kind=row.kind, value=row.value, measured_on=row.measured_on, place=row.place
        )
        assert errors == {}, (row, errors)


def test_the_demo_has_a_faltering_baby_a_preterm_baby_and_a_thriving_one(db, signed_in):
    demo_build(families=24)
    from nestling.accounts.models import User

    client = signed_in(User.objects.get(email="practitioner@demo.nestling.test"))
    jonah, theo, maya = _page(client, "Jonah"), _page(client, "Theo"), _page(client, "Maya")
    assert "Fall across centile spaces" in jonah
    assert "Corrected age" in theo and "Faltering growth" not in theo
    assert "No faltering-growth rule fires" in maya


def test_only_the_demos_faltering_baby_has_a_follow_up_task(db):
    from nestling.tasks.models import Task

    demo_build()
    tasks = Task.objects.filter(kind="faltering_growth").select_related("subject__child")
    assert [task.subject.child.given_name for task in tasks] == ["Jonah"]
