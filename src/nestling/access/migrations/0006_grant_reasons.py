"""Grants carry a uuid (pages address them by it), the reason they were given, and who withdrew them and
why. Existing grants get a uuid each."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def give_uuids(apps, schema_editor):
    SensitiveGrant = apps.get_model("access", "SensitiveGrant")
    for grant in SensitiveGrant.objects.filter(uuid__isnull=True).only("pk"):
        grant.uuid = uuid.uuid4()
        grant.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0005_intimate_partner_violence_category"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="sensitivegrant",
            name="uuid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="sensitivegrant",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
        migrations.AddField(
            model_name="sensitivegrant",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AddField(
            model_name="sensitivegrant",
            name="revoked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="sensitivegrant",
            name="revoke_reason",
            field=models.TextField(blank=True, verbose_name="why it was withdrawn"),
        ),
    ]
