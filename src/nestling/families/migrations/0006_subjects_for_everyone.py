"""Every caregiver, child and relationship already recorded becomes a subject."""

from django.db import migrations

KINDS = (("caregiver", "Caregiver"), ("child", "Child"), ("relationship", "Relationship"))


def forward(apps, schema_editor):
    Subject = apps.get_model("families", "Subject")
    for kind, model_name in KINDS:
        model = apps.get_model("families", model_name)
        batch = []
        rows = model.objects.order_by("pk").values_list("pk", "uuid", "organization_id", "family_id")
        for pk, uuid, organization_id, family_id in rows.iterator(chunk_size=5000):
            batch.append(
                Subject(
                    uuid=uuid,
                    organization_id=organization_id,
                    family_id=family_id,
                    kind=kind,
                    **{f"{kind}_id": pk},
                )
            )
            if len(batch) >= 5000:
                Subject.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        Subject.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("families", "0005_subjects")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
