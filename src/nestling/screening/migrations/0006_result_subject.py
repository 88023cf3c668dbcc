"""A screening result points at one subject instead of three nullable foreign keys."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

KINDS = (("caregiver", "Caregiver"), ("child", "Child"), ("relationship", "Relationship"))


def forward(apps, schema_editor):
    ScreeningResult = apps.get_model("screening", "ScreeningResult")
    for kind, model_name in KINDS:
        model = apps.get_model("families", model_name)
        uuid_of = model.objects.filter(pk=OuterRef(f"{kind}_id")).values("uuid")[:1]
        ScreeningResult.objects.filter(**{f"{kind}__isnull": False}).update(subject_id=Subquery(uuid_of))


def backward(apps, schema_editor):
    ScreeningResult = apps.get_model("screening", "ScreeningResult")
    Subject = apps.get_model("families", "Subject")
    for kind, _model_name in KINDS:
        id_of = Subject.objects.filter(uuid=OuterRef("subject_id")).values(f"{kind}_id")[:1]
        ScreeningResult.objects.filter(subject__kind=kind).update(**{f"{kind}_id": Subquery(id_of)})


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0006_subjects_for_everyone"),
        ("screening", "0005_follow_up_outcome_and_entered_in_error"),
    ]

    operations = [
        migrations.AddField(
            model_name="screeningresult",
            name="subject",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="screening_results",
                to="families.subject",
            ),
        ),
        migrations.RemoveConstraint(model_name="screeningresult", name="screening_result_one_subject"),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="screeningresult", name="caregiver"),
        migrations.RemoveField(model_name="screeningresult", name="child"),
        migrations.RemoveField(model_name="screeningresult", name="relationship"),
        migrations.AlterField(
            model_name="screeningresult",
            name="subject",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="screening_results",
                to="families.subject",
            ),
        ),
    ]
