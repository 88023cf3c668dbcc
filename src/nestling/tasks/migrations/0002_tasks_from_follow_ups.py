"""The follow-up, rescreen and faltering-growth tasks that lived in screening move into the task list,
with their ids, versions, outcomes and edit history."""

from django.db import migrations

FIELDS = (
    "uuid",
    "organization_id",
    "version",
    "client_id",
    "created_by_id",
    "created_at",
    "updated_at",
    "family_id",
    "kind",
    "text",
    "due_on",
    "done_at",
    "done_by_id",
    "outcome",
    "outcome_note",
)


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def forward(apps, schema_editor):
    FollowUpTask = apps.get_model("screening", "FollowUpTask")
    Task = apps.get_model("tasks", "Task")
    RecordChange = apps.get_model("records", "RecordChange")
    Child = apps.get_model("families", "Child")
    result_type = _content_type(apps, "screening", "screeningresult")
    measurement_type = _content_type(apps, "growth", "measurement")
    child_uuid = dict(Child.objects.values_list("pk", "uuid"))
    batch = []
    old = FollowUpTask.objects.select_related("result", "measurement").order_by("pk")
    for row in old.iterator(chunk_size=2000):
        values = {name: getattr(row, name) for name in FIELDS}
        if row.result_id is not None:
            values.update(
                source_type_id=result_type.pk,
                source_id=row.result_id,
                subject_id=row.result.subject_id,
                assignee_id=row.result.administered_by_id,
            )
        elif row.measurement_id is not None:
            values.update(
                source_type_id=measurement_type.pk,
                source_id=row.measurement_id,
                subject_id=child_uuid.get(row.measurement.child_id),
                assignee_id=row.measurement.measured_by_id,
            )
        batch.append(Task(**values))
        if len(batch) >= 2000:
            Task.objects.bulk_create(batch)
            batch = []
    Task.objects.bulk_create(batch)
    RecordChange.objects.filter(record_type="screening.followuptask").update(record_type="tasks.task")


def backward(apps, schema_editor):
    FollowUpTask = apps.get_model("screening", "FollowUpTask")
    Task = apps.get_model("tasks", "Task")
    RecordChange = apps.get_model("records", "RecordChange")
    result_type = _content_type(apps, "screening", "screeningresult")
    measurement_type = _content_type(apps, "growth", "measurement")
    batch = []
    # The old schema held only tasks raised by a result or a measurement; tasks of later kinds (a plan's
    # review, say) have no place in it and are left behind with the table.
    for task in Task.objects.order_by("pk").iterator(chunk_size=2000):
        values = {name: getattr(task, name) for name in FIELDS}
        if task.source_type_id == result_type.pk:
            values["result_id"] = task.source_id
        elif task.source_type_id == measurement_type.pk:
            values["measurement_id"] = task.source_id
        else:
            continue
        batch.append(FollowUpTask(**values))
    FollowUpTask.objects.bulk_create(batch)
    Task.objects.all().delete()
    RecordChange.objects.filter(record_type="tasks.task").update(record_type="screening.followuptask")


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0001_task_list"),
        ("screening", "0006_result_subject"),
        ("records", "0002_history_from_audit"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
