import django.db.models.deletion
from django.db import migrations, models


def from_the_session(apps, schema_editor):
    RscParticipant = apps.get_model("workforce", "RscParticipant")
    for row in RscParticipant.objects.select_related("session"):
        row.organization_id = row.session.organization_id
        row.save(update_fields=["organization"])


class Migration(migrations.Migration):
    """Every table of clinical data carries its organization: a session's participants too."""

    dependencies = [
        ("organizations", "0001_initial"),
        ("workforce", "0005_reflective_workforce"),
    ]

    operations = [
        migrations.AddField(
            model_name="rscparticipant",
            name="organization",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="organizations.organization"
            ),
        ),
        migrations.RunPython(from_the_session, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rscparticipant",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="organizations.organization"
            ),
        ),
    ]
