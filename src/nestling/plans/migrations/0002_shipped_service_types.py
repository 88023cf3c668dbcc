"""The field's kinds of service, shared by every organization (each may add its own)."""

from django.db import migrations

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
    apps.get_model("plans", "ServiceType").objects.filter(
        organization=None, code__in=[code for code, _name, _therapy in SHIPPED]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(ship, unship)]
