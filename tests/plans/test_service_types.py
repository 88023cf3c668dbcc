"""The organization's own service types: a manager or an admin adds, renames and retires them; the field's
shipped ones are shown in the reader's language and changed by no one."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from nestling.access.denials import AccessDenied
from nestling.audit.models import AuditEvent
from nestling.formulation.models import Diagnosis
from nestling.plans.models import ServiceType
from nestling.plans.selectors import service_types_offered
from nestling.plans.service_names import SHIPPED_NAMES
from nestling.plans.services.service_types import service_type_create, service_type_update, service_types_ship
from nestling.records.errors import RecordInvalid
from tests.factories.organizations import OrganizationFactory


def test_the_field_services_are_shipped_and_named_by_their_code(db):
    shipped = ServiceType.objects.filter(organization__isnull=True)
    assert {row.code for row in shipped} == set(SHIPPED_NAMES)
    row = shipped.get(code="child_parent_psychotherapy")
    assert row.relationship_therapy and row.label == "Child-parent psychotherapy"
    # The label comes from the translatable words for the code, the stored name only as a fallback.
    ServiceType.objects.filter(pk=row.pk).update(name="stored fallback")
    row.refresh_from_db()
    with translation.override("es"):
        assert row.label == str(SHIPPED_NAMES["child_parent_psychotherapy"])


def _shipped() -> list[tuple[str, str, bool, int]]:
    return list(
        ServiceType.objects.filter(organization__isnull=True)
        .order_by("code")
        .values_list("code", "name", "relationship_therapy", "position")
    )


def test_shipping_again_makes_what_the_migration_made_and_leaves_existing_rows(db):
    migrated = _shipped()
    assert service_types_ship() == 0 and _shipped() == migrated
    ServiceType.objects.filter(organization__isnull=True).delete()  # what a flush does
    assert service_types_ship() == len(SHIPPED_NAMES)
    assert _shipped() == migrated


@pytest.mark.django_db(transaction=True)
def test_a_flush_brings_the_shipped_ones_back_with_the_formulation_list():
    """A transactional test's flush (or `nestling flush`) empties every table; the post_migrate handler
    each app connects through records.shipped makes the shipped rows again, the diagnoses too."""
    call_command("flush", interactive=False, verbosity=0)
    assert {row.code for row in ServiceType.objects.filter(organization__isnull=True)} == set(SHIPPED_NAMES)
    assert Diagnosis.objects.filter(organization__isnull=True).exists()


@pytest.mark.parametrize("persona", ["manager", "admin"])
def test_a_manager_or_admin_adds_renames_and_retires_their_own(world, persona):
    user = world.persona(persona)
    added = service_type_create(by=user, name="  Doula   support ", relationship_therapy=False)
    assert added.name == "Doula support" and added.code == "doula-support" and added.organization == world.org
    assert added in service_types_offered(organization_id=world.org.pk)
    renamed = service_type_update(
        service_type=added, by=user, name="Birth doula support", relationship_therapy=False, active=False
    )
    assert renamed.name == "Birth doula support" and renamed.code == "doula-support"
    assert renamed not in service_types_offered(organization_id=world.org.pk)
    assert renamed in service_types_offered(organization_id=world.org.pk, keeping=[renamed.pk])
    assert AuditEvent.objects.filter(category="settings", subject_type="servicetype").count() == 2


@pytest.mark.parametrize("persona", ["practitioner", "supervisor", "privacy"])
def test_other_staff_may_not(world, persona):
    with pytest.raises(AccessDenied):
        service_type_create(by=world.persona(persona), name="Synthetic")


def test_a_name_is_needed_and_not_one_offered_already(world):
    for name, says in (
        ("", "Enter the service's name"),
        ("emotional SUPPORT", "already"),
        ("x" * 121, "keep it to 120"),
    ):
        with pytest.raises(RecordInvalid) as refused:
            service_type_create(by=world.manager, name=name)
        assert says in refused.value.errors["name"][0]
    service_type_create(by=world.manager, name="Synthetic group")
    with pytest.raises(RecordInvalid):
        service_type_create(by=world.admin, name="synthetic group")


def test_another_organization_may_use_the_same_name_and_code(world):
    ours = service_type_create(by=world.manager, name="Synthetic group")
    other = OrganizationFactory()
    theirs = ServiceType.objects.create(organization=other, code="synthetic-group", name="Synthetic group")
    assert ours.code == theirs.code
    assert theirs not in service_types_offered(organization_id=world.org.pk)


def test_shipped_services_and_another_organizations_are_not_changed(world):
    shipped = ServiceType.objects.get(code="advocacy")
    with pytest.raises(RecordInvalid):
        service_type_update(
            service_type=shipped, by=world.admin, name="x", relationship_therapy=False, active=False
        )
    theirs = ServiceType.objects.create(organization=OrganizationFactory(), code="theirs", name="Theirs")
    with pytest.raises(AccessDenied):
        service_type_update(
            service_type=theirs, by=world.admin, name="x", relationship_therapy=False, active=True
        )


def test_the_page_adds_one_and_refuses_a_duplicate_with_a_message(world, signed_in):
    client = signed_in(world.manager)
    assert client.post(reverse("service_types"), {"name": "Synthetic circle"}).status_code == 302
    response = client.post(reverse("service_types"), {"name": "Synthetic circle"})
    assert response.status_code == 200 and "already" in response.content.decode()
    edit = reverse("service_type_edit", args=["synthetic-circle"])
    assert client.post(edit, {"name": "Synthetic circle time", "active": ""}).status_code == 302
    assert not ServiceType.objects.get(code="synthetic-circle").active
    # A shipped service has no page of its own to change it
    assert client.get(reverse("service_type_edit", args=["advocacy"])).status_code == 404
