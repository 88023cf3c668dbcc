"""The field's kinds of service, shared by every organization (each may add its own)."""

from django.db import migrations, transaction
from django.db.models import ProtectedError

SHIPPED = [
    ("case_management", "Case management", False),
    ("advocacy", "Advocacy", False),
    ("emotional_support", "Emotional support", False),
    ("developmental_guidance", "Developmental guidance", False),
    ("early_relationship_assessment", "Early relationship assessment", False),
    ("social_support", "Social support", False),
    ("interaction_guidance", "Interaction guidance", True),
    ("child_parent_psychotherapy", "Child-parent psychotherapy", True),
]


def ship(apps, schema_editor):
    ServiceType = apps.get_model("plans", "ServiceType")
    for position, (code, name, therapy) in enumerate(SHIPPED):
        ServiceType.objects.update_or_create(
            organization=None,
            code=code,
            defaults={"name": name, "relationship_therapy": therapy, "position": position * 10},
        )


def unship(apps, schema_editor):
    ServiceType = apps.get_model("plans", "ServiceType")
    shipped = ServiceType.objects.filter(organization=None, code__in=[code for code, _name, _therapy in SHIPPED])
    for row in shipped:
        try:
            with transaction.atomic():
                row.delete()
        except ProtectedError:
            pass  # planned towards a goal: it goes with its table (0001), never before what points at it


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(ship, unship)]
