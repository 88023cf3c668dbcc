from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0008_safety_response"),
    ]

    operations = [
        migrations.AddField(
            model_name="screeningresult",
            name="source",
            field=models.CharField(
                choices=[("practitioner", "Given by a practitioner"), ("self_report", "Self-reported from home")],
                default="practitioner",
                max_length=12,
                verbose_name="source",
            ),
        ),
    ]
