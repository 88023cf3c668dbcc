import uuid

from django.db import migrations, models


def give_each_a_uuid(apps, schema_editor):
    HouseholdMembership = apps.get_model("families", "HouseholdMembership")
    rows = list(HouseholdMembership.objects.filter(uuid__isnull=True).only("pk"))
    for row in rows:
        row.uuid = uuid.uuid4()
    HouseholdMembership.objects.bulk_update(rows, ["uuid"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("families", "0003_family_client_id")]

    operations = [
        migrations.AddField(
            model_name="householdmembership",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_a_uuid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="householdmembership",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
