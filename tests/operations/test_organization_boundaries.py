"""The schema keeps organizations apart, as docs/scaling.md says: every table of clinical data carries
its organization, and no row refers to a row of another organization — so each organization's rows can
be read alone, and one day live together on one shard."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from tests.access.matrix.world import make_matrix_world

# Not a clinical table: the organizations themselves, the heads of the audit trail's hash chains (one row
# per chain lane, shared by the organizations writing into it), and a person's interface language (keyed
# by the user, who carries the organization).
WITHOUT_ORGANIZATION = {"organizations.Organization", "audit.AuditLaneHead", "portal.LanguagePreference"}


def _nestling_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("nestling.")]


def _has_organization(model: type[models.Model]) -> bool:
    names = {f.attname for f in model._meta.concrete_fields}
    return "organization_id" in names


def test_every_table_of_clinical_data_carries_its_organization():
    missing = [
        m._meta.label
        for m in _nestling_models()
        if m._meta.label not in WITHOUT_ORGANIZATION and not _has_organization(m)
    ]
    assert not missing, f"no organization_id on {missing}"


def _links() -> list[tuple[type[models.Model], str]]:
    """Every foreign key and many-to-many field between two models that both carry an organization."""
    found = []
    for model in _nestling_models():
        if not _has_organization(model):
            continue
        for field in model._meta.get_fields():
            if not (field.many_to_one or field.many_to_many) or (field.auto_created and not field.concrete):
                continue
            target = field.related_model
            if target is None or not hasattr(target, "_meta") or field.name == "organization":
                continue
            if _has_organization(target):
                found.append((model, field.name))
    return found


def test_there_are_links_to_check():
    assert len(_links()) > 40


@pytest.mark.django_db
def test_no_row_refers_to_a_row_of_another_organization():
    world = make_matrix_world()  # two organizations, with records of every kind in each
    assert world is not None
    crossing = {}
    for model, name in _links():
        count = (
            model.objects.filter(**{f"{name}__isnull": False})
            .exclude(**{f"{name}__organization_id": models.F("organization_id")})
            .count()
        )
        if count:
            crossing[f"{model._meta.label}.{name}"] = count
    assert not crossing, f"rows pointing into another organization: {crossing}"
