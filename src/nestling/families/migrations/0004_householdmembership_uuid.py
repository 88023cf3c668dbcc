import uuid

from django.db import migrations, models


def give_each_a_uuid(apps, schema_editor):
    HouseholdMembership = apps.get_model("families", "HouseholdMembership")
    for membership in HouseholdMembership.objects.filter(uuid__isnull=True).only("pk"):
        membership.uuid = uuid.uuid4()
        membership.save(update_fields=["uuid"])


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
